package io.gunstream.connect.gun.sink;

import io.gunstream.connect.gun.GunSettings;
import io.gunstream.schemas.serde.GunAvroSerdeConfig;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/**
 * Settings of the Gun sink. {@link #CONFIG_DEF} is the single declaration: the connector validates with it, the task
 * parses with it and the README table is generated from it.
 */
public final class GunSinkConfig extends AbstractConfig {

    private static final String DELIVERY_GROUP = "Delivery";

    public static final String ACK_TIMEOUT_MS_CONFIG = "gun.ack.timeout.ms";
    private static final String ACK_TIMEOUT_MS_DOC = "How long to wait for a relay's acks ({\"@\": put id, \"ok\": ...}) "
            + "of a batch of puts. Puts still unacknowledged are then read back from the relay (a get per field): a "
            + "field the relay holds at our state or a newer one counts as delivered (gun.js never acks a put that HAM "
            + "drops as already known). The rest is sent again.";
    public static final String RETRY_BACKOFF_MS_CONFIG = "gun.retry.backoff.ms";
    private static final String RETRY_BACKOFF_MS_DOC = "Backoff before sending undelivered puts again; doubled per "
            + "attempt, capped at 60 s.";
    public static final String MAX_RETRIES_CONFIG = "gun.max.retries";
    private static final String MAX_RETRIES_DOC = "Attempts after the first within one put() call; then the task asks "
            + "Connect to redeliver the batch (RetriableException) and no offset moves past an undelivered record.";
    public static final String LOOP_PREVENTION_CONFIG = "gun.loop.prevention";
    private static final String LOOP_PREVENTION_DOC = "Skip deltas whose origin is a Gun source (kind GUN_SOURCE) "
            + "reading from one of this sink's relays: writing them back would echo the relay's own writes.";

    /** Serde settings the sink passes to its deserializer. */
    static final Set<String> REGISTRY_KEYS = Set.of(GunAvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG,
            GunAvroSerdeConfig.BASIC_AUTH_USER_INFO_CONFIG, GunAvroSerdeConfig.CACHE_CAPACITY_CONFIG,
            GunAvroSerdeConfig.CONNECT_TIMEOUT_MS_CONFIG, GunAvroSerdeConfig.REQUEST_TIMEOUT_MS_CONFIG);

    public static final ConfigDef CONFIG_DEF = configDef();

    public GunSinkConfig(final Map<String, ?> props) {
        super(CONFIG_DEF, props);
    }

    private static ConfigDef configDef() {
        final ConfigDef def = new ConfigDef();
        GunSettings.defineConnection(def);
        int order = 0;
        def.define(ACK_TIMEOUT_MS_CONFIG, Type.LONG, 5_000L, Range.atLeast(1), Importance.MEDIUM, ACK_TIMEOUT_MS_DOC,
                        DELIVERY_GROUP, ++order, Width.SHORT, "Ack timeout (ms)")
                .define(RETRY_BACKOFF_MS_CONFIG, Type.LONG, 1_000L, Range.atLeast(1), Importance.LOW,
                        RETRY_BACKOFF_MS_DOC, DELIVERY_GROUP, ++order, Width.SHORT, "Retry backoff (ms)")
                .define(MAX_RETRIES_CONFIG, Type.INT, 5, Range.atLeast(0), Importance.LOW, MAX_RETRIES_DOC,
                        DELIVERY_GROUP, ++order, Width.SHORT, "Max retries")
                .define(LOOP_PREVENTION_CONFIG, Type.BOOLEAN, true, Importance.MEDIUM, LOOP_PREVENTION_DOC,
                        DELIVERY_GROUP, ++order, Width.SHORT, "Loop prevention");
        GunSettings.defineRegistry(def, REGISTRY_KEYS);
        return def;
    }

    public long ackTimeoutMs() {
        return getLong(ACK_TIMEOUT_MS_CONFIG);
    }

    public long retryBackoffMs() {
        return getLong(RETRY_BACKOFF_MS_CONFIG);
    }

    public int maxRetries() {
        return getInt(MAX_RETRIES_CONFIG);
    }

    public boolean loopPrevention() {
        return getBoolean(LOOP_PREVENTION_CONFIG);
    }

    public Map<String, Object> registrySettings() {
        return GunSettings.registrySettings(this, REGISTRY_KEYS);
    }

    /** Prints the settings table for the README. */
    public static void main(final String[] args) {
        System.out.println(CONFIG_DEF.toEnrichedRst());
    }
}
