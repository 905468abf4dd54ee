package io.gunstream.streams.query;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * Settings of the interactive-query API ({@link QueryServer}). {@link #CONFIG_DEF} is meant to be composed into the
 * streams app's configuration; {@link #main} prints the README table.
 */
public final class QueryConfig extends AbstractConfig {

    private static final String GROUP = "Interactive queries";

    public static final String LISTEN_HOST_CONFIG = "query.listen.host";
    private static final String LISTEN_HOST_DOC = "Interface the query API listens on; 0.0.0.0 for all.";

    public static final String PORT_CONFIG = "query.port";
    private static final String PORT_DOC = "TCP port of the query API; 0 picks a free port (the port actually bound "
            + "goes into application.server).";

    public static final String ADVERTISED_HOST_CONFIG = "query.advertised.host";
    private static final String ADVERTISED_HOST_DOC = "Host name other instances use to reach this one; it becomes "
            + "the host of Kafka Streams' application.server. Empty: query.listen.host, or 127.0.0.1 when that is a "
            + "wildcard address. Set it whenever instances run on different machines.";

    public static final String PREFIX_LIMIT_DEFAULT_CONFIG = "query.prefix.limit.default";
    private static final String PREFIX_LIMIT_DEFAULT_DOC = "Nodes a prefix query returns when the request has no limit.";

    public static final String PREFIX_LIMIT_MAX_CONFIG = "query.prefix.limit.max";
    private static final String PREFIX_LIMIT_MAX_DOC = "Largest limit a prefix query may ask for; larger limits are "
            + "refused with 400, because every instance keeps up to this many nodes in memory per request.";

    public static final String FORWARD_TIMEOUT_MS_CONFIG = "query.forward.timeout.ms";
    private static final String FORWARD_TIMEOUT_MS_DOC = "Timeout of one request forwarded to another instance "
            + "(connect and answer); on timeout the next replica of the key is tried.";

    public static final String UNAVAILABLE_WAIT_MS_CONFIG = "query.unavailable.wait.ms";
    private static final String UNAVAILABLE_WAIT_MS_DOC = "How long a request keeps retrying while no replica can "
            + "answer (a rebalance moves the store, the owner is unreachable) before it is answered 503.";

    public static final String RETRY_BACKOFF_MS_CONFIG = "query.retry.backoff.ms";
    private static final String RETRY_BACKOFF_MS_DOC = "Pause between such retries.";

    /** The one declaration of every query setting. */
    public static final ConfigDef CONFIG_DEF = define(new ConfigDef());

    public QueryConfig(final Map<?, ?> originals) {
        super(CONFIG_DEF, originals, false);
        if (getInt(PREFIX_LIMIT_DEFAULT_CONFIG) > getInt(PREFIX_LIMIT_MAX_CONFIG)) {
            throw new ConfigException(PREFIX_LIMIT_DEFAULT_CONFIG, getInt(PREFIX_LIMIT_DEFAULT_CONFIG),
                    "must not exceed " + PREFIX_LIMIT_MAX_CONFIG + " (" + getInt(PREFIX_LIMIT_MAX_CONFIG) + ")");
        }
    }

    /** Adds the query settings to {@code def} (for a composed app configuration) and returns it. */
    public static ConfigDef define(final ConfigDef def) {
        int order = 0;
        return def
                .define(LISTEN_HOST_CONFIG, Type.STRING, "127.0.0.1", new ConfigDef.NonEmptyString(), Importance.HIGH,
                        LISTEN_HOST_DOC, GROUP, ++order, ConfigDef.Width.MEDIUM, "Listen host")
                .define(PORT_CONFIG, Type.INT, 8080, Range.between(0, 65_535), Importance.HIGH,
                        PORT_DOC, GROUP, ++order, ConfigDef.Width.SHORT, "Port")
                .define(ADVERTISED_HOST_CONFIG, Type.STRING, "", Importance.HIGH,
                        ADVERTISED_HOST_DOC, GROUP, ++order, ConfigDef.Width.MEDIUM, "Advertised host")
                .define(PREFIX_LIMIT_DEFAULT_CONFIG, Type.INT, 100, Range.atLeast(1), Importance.LOW,
                        PREFIX_LIMIT_DEFAULT_DOC, GROUP, ++order, ConfigDef.Width.SHORT, "Default prefix limit")
                .define(PREFIX_LIMIT_MAX_CONFIG, Type.INT, 1000, Range.atLeast(1), Importance.MEDIUM,
                        PREFIX_LIMIT_MAX_DOC, GROUP, ++order, ConfigDef.Width.SHORT, "Maximum prefix limit")
                .define(FORWARD_TIMEOUT_MS_CONFIG, Type.LONG, 5_000L, Range.atLeast(1), Importance.LOW,
                        FORWARD_TIMEOUT_MS_DOC, GROUP, ++order, ConfigDef.Width.SHORT, "Forward timeout")
                .define(UNAVAILABLE_WAIT_MS_CONFIG, Type.LONG, 10_000L, Range.atLeast(0), Importance.LOW,
                        UNAVAILABLE_WAIT_MS_DOC, GROUP, ++order, ConfigDef.Width.SHORT, "Unavailable wait")
                .define(RETRY_BACKOFF_MS_CONFIG, Type.LONG, 100L, Range.atLeast(1), Importance.LOW,
                        RETRY_BACKOFF_MS_DOC, GROUP, ++order, ConfigDef.Width.SHORT, "Retry backoff");
    }

    public String listenHost() {
        return getString(LISTEN_HOST_CONFIG);
    }

    public int port() {
        return getInt(PORT_CONFIG);
    }

    /** The host for application.server: the advertised host, else the listen host unless it is a wildcard. */
    public String advertisedHost() {
        final String advertised = getString(ADVERTISED_HOST_CONFIG).trim();
        if (!advertised.isEmpty()) {
            return advertised;
        }
        final String listen = listenHost();
        return listen.equals("0.0.0.0") || listen.equals("::") || listen.equals("[::]") ? "127.0.0.1" : listen;
    }

    public int prefixLimitDefault() {
        return getInt(PREFIX_LIMIT_DEFAULT_CONFIG);
    }

    public int prefixLimitMax() {
        return getInt(PREFIX_LIMIT_MAX_CONFIG);
    }

    public Duration forwardTimeout() {
        return Duration.ofMillis(getLong(FORWARD_TIMEOUT_MS_CONFIG));
    }

    public Duration unavailableWait() {
        return Duration.ofMillis(getLong(UNAVAILABLE_WAIT_MS_CONFIG));
    }

    public Duration retryBackoff() {
        return Duration.ofMillis(getLong(RETRY_BACKOFF_MS_CONFIG));
    }

    /** The settings as a Markdown table, generated from {@link #CONFIG_DEF} for the README. */
    public static String markdownTable() {
        final StringBuilder out = new StringBuilder("| setting | type | default | valid values | importance | description |\n"
                + "|---|---|---|---|---|---|\n");
        for (final ConfigDef.ConfigKey key : CONFIG_DEF.configKeys().values()) {
            final String defaultValue = key.hasDefault() ? "`" + (key.defaultValue == null ? "" : key.defaultValue) + "`" : "(required)";
            final String valid = key.validator == null ? "" : key.validator.toString();
            out.append("| `").append(key.name).append("` | ").append(key.type.name().toLowerCase(Locale.ROOT))
                    .append(" | ").append(defaultValue.equals("``") ? "`\"\"`" : defaultValue)
                    .append(" | ").append(valid.replace("|", "\\|"))
                    .append(" | ").append(key.importance.name().toLowerCase(Locale.ROOT))
                    .append(" | ").append(key.documentation).append(" |\n");
        }
        return out.toString();
    }

    /** Prints the settings table for the README. */
    public static void main(final String[] args) {
        System.out.print(markdownTable());
    }
}
