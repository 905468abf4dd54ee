package io.gunstream.cli;

/**
 * A failure the user can fix: the message is one line that says what went wrong and what to do (which flag,
 * which file). Printed without a stack trace.
 */
public class CliException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CliException(final String message) {
        super(message);
    }

    public CliException(final String message, final Throwable cause) {
        super(message, cause);
    }

    /** The causes' messages, for a one-line report of an unexpected failure. */
    static String causes(final Throwable e) {
        final StringBuilder out = new StringBuilder();
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            out.append(" <- ").append(c.getMessage());
        }
        return out.toString();
    }

    /** The first line of a message that may carry a stack trace (a Connect task's), for a one-line report. */
    public static String firstLine(final String message) {
        return message == null ? "" : message.lines().findFirst().orElse("").strip();
    }
}
