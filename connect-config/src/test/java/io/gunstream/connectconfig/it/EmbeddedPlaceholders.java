package io.gunstream.connectconfig.it;

import io.gunstream.stack.postgres.PostgresService;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/** The placeholder values every connector IT points at its embedded services (PostgreSQL, registry, one broker). */
final class EmbeddedPlaceholders {

    private EmbeddedPlaceholders() {
    }

    /** A mutable map: each IT adds the placeholders of its own scenario. */
    static Map<String, String> of(final PostgresService postgres, final URI registryUrl) {
        final Map<String, String> values = new HashMap<>();
        values.put("PG_HOST", postgres.host());
        values.put("PG_PORT", Integer.toString(postgres.port()));
        values.put("PG_DATABASE", postgres.database());
        values.put("PG_USER", postgres.user());
        values.put("PG_PASSWORD", postgres.password());
        values.put("SCHEMA_REGISTRY_URL", registryUrl.toString());
        values.put("DLQ_REPLICATION_FACTOR", "1");
        return values;
    }
}
