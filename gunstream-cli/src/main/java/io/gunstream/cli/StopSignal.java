package io.gunstream.cli;

import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * Turns SIGINT and SIGTERM into a stop request the command handles itself, so it can stop its services in reverse
 * order and exit 0 (the JVM's default handling runs shutdown hooks in no order and exits 130/143). A second signal
 * while stopping halts at once, as users expect from a second Ctrl-C.
 *
 * <p>Lifecycle: {@link #install()} once per command run, then {@link #await()} or poll {@link #requested()}.
 */
public final class StopSignal {

    private final CountDownLatch stop = new CountDownLatch(1);
    private volatile String received;

    private StopSignal() {
    }

    /** Installs the handlers; from now on SIGINT/SIGTERM only request a stop. */
    public static StopSignal install() {
        final StopSignal signal = new StopSignal();
        for (final String name : new String[] {"INT", "TERM"}) {
            Signal.handle(new Signal(name), s -> signal.trigger("SIG" + s.getName()));
        }
        return signal;
    }

    private void trigger(final String name) {
        if (received != null) {
            System.err.println("[gunstream] second " + name + " while stopping: halting now");
            Runtime.getRuntime().halt(128 + ("SIGINT".equals(name) ? 2 : 15));
        }
        received = name;
        stop.countDown();
    }

    /** True once a signal arrived. */
    public boolean requested() {
        return received != null;
    }

    /** The signal that requested the stop ({@code SIGTERM}, {@code SIGINT}), or null. */
    public String name() {
        return received;
    }

    /** Blocks until a signal arrives. */
    public void await() throws InterruptedException {
        stop.await();
    }
}
