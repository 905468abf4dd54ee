package io.gunstream.stack;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigException;

/**
 * Where the stack's services come from: started in this JVM from Maven artifacts, or from Docker images through
 * Testcontainers. Chosen with the system property {@value #PROPERTY}, else the environment variable {@value #ENV},
 * else {@link #EMBEDDED}.
 */
public enum StackBackend {

    /** Real services started in-process or as child processes from Maven artifacts; needs no Docker. */
    EMBEDDED("embedded"),
    /** The same services from Docker images (Apache Kafka, PostgreSQL, MinIO); needs a Docker engine. */
    TESTCONTAINERS("testcontainers");

    public static final String PROPERTY = "gunstream.stack.backend";
    public static final String ENV = "GUNSTREAM_STACK_BACKEND";

    private final String value;

    StackBackend(final String value) {
        this.value = value;
    }

    /** The setting's value for this backend, e.g. {@code testcontainers}. */
    public String value() {
        return value;
    }

    /** The backend chosen by this JVM's system property or environment. */
    public static StackBackend fromEnvironment() {
        return resolve(System::getProperty, System::getenv);
    }

    /** Visible for testing: the system property wins over the environment variable; unset or blank means embedded. */
    static StackBackend resolve(final UnaryOperator<String> properties, final UnaryOperator<String> environment) {
        final String property = properties.apply(PROPERTY);
        if (property != null && !property.isBlank()) {
            return parse(PROPERTY, property);
        }
        final String env = environment.apply(ENV);
        if (env != null && !env.isBlank()) {
            return parse(ENV, env);
        }
        return EMBEDDED;
    }

    /** Case-insensitive; {@code setting} names where the value came from, for the error message. */
    public static StackBackend parse(final String setting, final String text) {
        final String wanted = text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(b -> b.value.equals(wanted)).findFirst()
                .orElseThrow(() -> new ConfigException(setting, text, "must be one of "
                        + Arrays.stream(values()).map(StackBackend::value).collect(Collectors.joining(", "))));
    }
}
