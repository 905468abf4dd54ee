package io.gunstream.connectconfig;

/** What {@link ConnectorDeployer} did with one connector, and the number of its tasks found RUNNING. */
public record Deployment(String name, Outcome outcome, int tasks) {

    /** Whether the configuration was new, changed or already in place. */
    public enum Outcome { CREATED, UPDATED, UNCHANGED }

    public Deployment {
        if (name == null || name.isBlank() || outcome == null || tasks < 0) {
            throw new IllegalArgumentException("deployment needs a name, an outcome and tasks >= 0");
        }
    }
}
