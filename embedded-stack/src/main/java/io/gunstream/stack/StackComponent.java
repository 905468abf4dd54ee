package io.gunstream.stack;

/**
 * The services of an {@link EmbeddedStack}, in start order: each one needs only those before it (the schema
 * registry and the Connect worker keep their state on the Kafka broker). The stack stops them in reverse order.
 */
public enum StackComponent {

    KAFKA("Kafka broker", "kafka", "kafkaPort(int)"),
    SCHEMA_REGISTRY("schema registry", "registry", "registryPort(int) or withoutSchemaRegistry()"),
    POSTGRES("PostgreSQL", "postgres", "pgPort(int) or withoutPostgres()"),
    S3("S3 endpoint", "s3", "s3Port(int) or withoutS3()"),
    CONNECT("Kafka Connect worker", "connect", "connectPort(int), connectPluginPath(Path...) or withoutConnect()");

    private final String displayName;
    private final String key;
    private final String builderMethods;

    StackComponent(final String displayName, final String key, final String builderMethods) {
        this.displayName = displayName;
        this.key = key;
        this.builderMethods = builderMethods;
    }

    /** Human name used in log lines and errors, e.g. {@code PostgreSQL}. */
    public String displayName() {
        return displayName;
    }

    /** Short lower-case key used in the summary line ({@code postgres=jdbc:...}) and as its data dir name. */
    public String key() {
        return key;
    }

    /** The {@link EmbeddedStack.Builder} methods that change how this service starts (named in errors). */
    String builderMethods() {
        return builderMethods;
    }
}
