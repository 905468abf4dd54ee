package io.gunstream.cli.run;

import io.gunstream.cli.CliException;
import io.gunstream.cli.StopSignal;
import java.util.function.Supplier;
import org.apache.kafka.common.config.ConfigException;

/** Runs one long-lived service until SIGINT/SIGTERM, then closes it; exit code 0 on a clean stop. */
final class ServiceRunner {

    private ServiceRunner() {
    }

    /** Service commands log INFO to the console like any server process, and keep no log file of their own. */
    static void consoleLogging() {
        System.setProperty("gunstream.console.level", "INFO");
        System.setProperty("gunstream.log.file", "/dev/null");
    }

    static int run(final String command, final Supplier<? extends AutoCloseable> start) throws Exception {
        final StopSignal stop = StopSignal.install();
        final AutoCloseable service;
        try {
            service = start.get();
        } catch (ConfigException e) {
            throw new CliException("bad setting: " + e.getMessage() + " (gunstream " + command + " --help lists them)", e);
        }
        stop.await();
        service.close();
        return 0;
    }
}
