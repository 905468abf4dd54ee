package io.gunstream.stack.postgres;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Run in a child JVM by {@link EmbeddedPostgresKillIT}: starts PostgreSQL on the data dir given as the only argument,
 * prints {@code READY <port> <postmaster pid>} and waits to be killed.
 */
public final class PostgresChildMain {

    private PostgresChildMain() {
    }

    public static void main(final String[] args) throws InterruptedException {
        final EmbeddedPostgres pg = EmbeddedPostgres.builder().dataDir(Path.of(args[0])).start();
        System.out.println("READY " + pg.port() + " " + pg.pid());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
