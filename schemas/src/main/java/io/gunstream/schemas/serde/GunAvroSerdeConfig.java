package io.gunstream.schemas.serde;

import io.gunstream.schemas.registry.ConfluentRegistryClient;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Settings of {@link GunAvroSerializer} and {@link GunAvroDeserializer}. Keys match Confluent's serdes where the
 * meaning is the same, so existing client configurations carry over. {@link #main} prints the reference table.
 */
public final class GunAvroSerdeConfig extends AbstractConfig {

    public static final String SCHEMA_REGISTRY_URL_CONFIG = "schema.registry.url";
    private static final String SCHEMA_REGISTRY_URL_DOC = "Comma-separated base URLs of a registry speaking the Confluent "
            + "Schema Registry REST API (Confluent, Karapace, Redpanda, Apicurio at .../apis/ccompat/v7). The next URL is "
            + "tried only when one cannot be reached. Required unless a registry client is passed to the serde's constructor.";

    public static final String AUTO_REGISTER_SCHEMAS_CONFIG = "auto.register.schemas";
    private static final String AUTO_REGISTER_SCHEMAS_DOC = "Serializer: register the record's schema under its subject "
            + "(the registry checks compatibility and refuses an incompatible one). When false, the schema must already be "
            + "registered (or see use.latest.version).";

    public static final String USE_LATEST_VERSION_CONFIG = "use.latest.version";
    private static final String USE_LATEST_VERSION_DOC = "Serializer, only with auto.register.schemas=false: write with "
            + "the latest version of the subject instead of the record's own schema, converting each record (fields the "
            + "record lacks take the latest schema's defaults). Lets old producers write to a subject that has moved on.";

    public static final String SUBJECT_NAME_STRATEGY_CONFIG = "subject.name.strategy";
    private static final String SUBJECT_NAME_STRATEGY_DOC = "Serializer: subject a schema is registered under. topic_name: "
            + "TOPIC-key / TOPIC-value; record_name: the record's full name; topic_record_name: TOPIC-FULLNAME.";

    public static final String CACHE_CAPACITY_CONFIG = "schema.registry.cache.capacity";
    private static final String CACHE_CAPACITY_DOC = "Entries kept in each schema-id cache of the registry client "
            + "(schema to id, id to schema); ids never change meaning, so entries only leave when the cache is full.";

    public static final String LATEST_CACHE_TTL_MS_CONFIG = "latest.cache.ttl.ms";
    private static final String LATEST_CACHE_TTL_MS_DOC = "How long the latest version of a subject is cached "
            + "(use.latest.version); 0 asks the registry every time.";

    public static final String CONNECT_TIMEOUT_MS_CONFIG = "schema.registry.connect.timeout.ms";
    private static final String CONNECT_TIMEOUT_MS_DOC = "TCP connect timeout of registry calls.";

    public static final String REQUEST_TIMEOUT_MS_CONFIG = "schema.registry.request.timeout.ms";
    private static final String REQUEST_TIMEOUT_MS_DOC = "Timeout of one registry HTTP request.";

    public static final String BASIC_AUTH_USER_INFO_CONFIG = "basic.auth.user.info";
    private static final String BASIC_AUTH_USER_INFO_DOC = "user:password for HTTP basic authentication to the registry; empty for none.";

    /** The one declaration of every serde setting. */
    public static final ConfigDef CONFIG = new ConfigDef()
            .define(SCHEMA_REGISTRY_URL_CONFIG, Type.LIST, List.of(), Importance.HIGH, SCHEMA_REGISTRY_URL_DOC)
            .define(AUTO_REGISTER_SCHEMAS_CONFIG, Type.BOOLEAN, true, Importance.MEDIUM, AUTO_REGISTER_SCHEMAS_DOC)
            .define(USE_LATEST_VERSION_CONFIG, Type.BOOLEAN, false, Importance.LOW, USE_LATEST_VERSION_DOC)
            .define(SUBJECT_NAME_STRATEGY_CONFIG, Type.STRING, SubjectNameStrategy.TOPIC_NAME.wireValue(),
                    ConfigDef.CaseInsensitiveValidString.in(SubjectNameStrategy.wireValues()), Importance.MEDIUM,
                    SUBJECT_NAME_STRATEGY_DOC)
            .define(CACHE_CAPACITY_CONFIG, Type.INT, 1000, ConfigDef.Range.atLeast(1), Importance.LOW, CACHE_CAPACITY_DOC)
            .define(LATEST_CACHE_TTL_MS_CONFIG, Type.LONG, 60_000L, ConfigDef.Range.atLeast(0), Importance.LOW,
                    LATEST_CACHE_TTL_MS_DOC)
            .define(CONNECT_TIMEOUT_MS_CONFIG, Type.INT, 5_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                    CONNECT_TIMEOUT_MS_DOC)
            .define(REQUEST_TIMEOUT_MS_CONFIG, Type.INT, 10_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                    REQUEST_TIMEOUT_MS_DOC)
            .define(BASIC_AUTH_USER_INFO_CONFIG, Type.PASSWORD, "", Importance.MEDIUM, BASIC_AUTH_USER_INFO_DOC);

    public GunAvroSerdeConfig(final Map<String, ?> props) {
        super(CONFIG, props, false);
    }

    public boolean autoRegisterSchemas() {
        return getBoolean(AUTO_REGISTER_SCHEMAS_CONFIG);
    }

    public boolean useLatestVersion() {
        return getBoolean(USE_LATEST_VERSION_CONFIG);
    }

    public SubjectNameStrategy subjectNameStrategy() {
        return SubjectNameStrategy.parse(getString(SUBJECT_NAME_STRATEGY_CONFIG));
    }

    /** Registry client settings; {@link ConfigException} when no URL is configured or one is not a URL. */
    public ConfluentRegistryClient.Settings registryClientSettings() {
        final List<String> urls = getList(SCHEMA_REGISTRY_URL_CONFIG);
        if (urls.isEmpty()) {
            throw new ConfigException(SCHEMA_REGISTRY_URL_CONFIG, "",
                    "set it to the base URL of the schema registry, e.g. http://localhost:8081");
        }
        final List<URI> uris = urls.stream().map(GunAvroSerdeConfig::toUri).toList();
        final Password auth = getPassword(BASIC_AUTH_USER_INFO_CONFIG);
        return new ConfluentRegistryClient.Settings(uris, Duration.ofMillis(getInt(CONNECT_TIMEOUT_MS_CONFIG)),
                Duration.ofMillis(getInt(REQUEST_TIMEOUT_MS_CONFIG)), getInt(CACHE_CAPACITY_CONFIG),
                Duration.ofMillis(getLong(LATEST_CACHE_TTL_MS_CONFIG)), auth == null ? null : auth.value());
    }

    private static URI toUri(final String url) {
        try {
            final URI uri = URI.create(url.trim());
            if (uri.getScheme() == null || !uri.getScheme().startsWith("http") || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL with a host");
            }
            return uri;
        } catch (final IllegalArgumentException e) {
            throw new ConfigException(SCHEMA_REGISTRY_URL_CONFIG, url, "not a valid http(s) URL: " + e.getMessage());
        }
    }

    /** The settings as a Markdown table generated from {@link #CONFIG}, in declaration order (the README embeds it). */
    public static String markdownTable() {
        final StringBuilder out = new StringBuilder("| key | type | default | valid values | importance | description |\n")
                .append("|---|---|---|---|---|---|\n");
        for (final ConfigDef.ConfigKey key : CONFIG.configKeys().values()) {
            final String defaultValue = !key.hasDefault() ? "(required)"
                    : key.defaultValue == null ? "null"
                    : key.type == Type.PASSWORD ? "\"\""
                    : key.defaultValue instanceof List<?> list ? (list.isEmpty() ? "\"\"" : String.join(",", list.stream().map(String::valueOf).toList()))
                    : String.valueOf(key.defaultValue);
            out.append("| `").append(key.name).append("` | ").append(key.type.name().toLowerCase(java.util.Locale.ROOT))
                    .append(" | `").append(defaultValue).append("` | ")
                    .append(key.validator == null ? "" : key.validator.toString().replace("|", "\\|"))
                    .append(" | ").append(key.importance.name().toLowerCase(java.util.Locale.ROOT))
                    .append(" | ").append(key.documentation.replace("|", "\\|")).append(" |\n");
        }
        return out.toString();
    }

    /** Prints the settings table for the README: Markdown by default, {@code rst} for Kafka's enriched reStructuredText. */
    public static void main(final String[] args) {
        System.out.print(args.length > 0 && "rst".equals(args[0]) ? CONFIG.toEnrichedRst() : markdownTable());
    }
}
