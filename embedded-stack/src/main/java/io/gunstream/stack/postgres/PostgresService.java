package io.gunstream.stack.postgres;

/**
 * A running PostgreSQL server with {@code wal_level=logical}, reachable over TCP on loopback.
 *
 * <p>Lifecycle: obtained already started; {@link #close()} stops it and is idempotent.
 */
public interface PostgresService extends AutoCloseable {

    /** JDBC URL of the application database, e.g. {@code jdbc:postgresql://127.0.0.1:5432/gunstream}. */
    String jdbcUrl();

    String host();

    int port();

    String database();

    String user();

    String password();

    @Override
    void close();
}
