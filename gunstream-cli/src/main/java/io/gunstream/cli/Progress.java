package io.gunstream.cli;

import java.io.PrintStream;

/** One progress line per step on stdout, {@code [gunstream] ...}, with the time since the command started. */
public final class Progress {

    private final PrintStream out;
    private final long startNanos;

    public Progress(final PrintStream out, final long startNanos) {
        this.out = out;
        this.startNanos = startNanos;
    }

    public void step(final String message) {
        out.println("[gunstream] " + message + " (" + elapsedMillis() + " ms so far)");
        out.flush();
    }

    /** A line without timing (READY and the like). */
    public void line(final String text) {
        out.println(text);
        out.flush();
    }

    public long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
