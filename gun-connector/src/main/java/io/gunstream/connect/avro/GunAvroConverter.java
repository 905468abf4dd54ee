package io.gunstream.connect.avro;

import io.gunstream.connect.Version;
import io.gunstream.schemas.registry.ConfluentRegistryClient;
import io.gunstream.schemas.registry.SchemaRegistry;
import io.gunstream.schemas.registry.SchemaRegistryException;
import io.gunstream.schemas.serde.GunAvroDeserializer;
import io.gunstream.schemas.serde.GunAvroSerdeConfig;
import io.gunstream.schemas.serde.GunAvroSerializer;
import io.gunstream.schemas.serde.GunSerializationException;
import io.gunstream.schemas.serde.RecordModel;
import io.gunstream.schemas.serde.WireFormat;
import io.gunstream.schemas.topic.GunTopics;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.storage.Converter;

/**
 * Connect data ↔ Confluent-framed Avro (magic byte, schema id, body) through the {@code schemas} module's serdes
 * and registry client, in the Connect shapes of {@link AvroConnectData}. Settings are the serdes' ({@link
 * GunAvroSerdeConfig}), given with the converter prefix, e.g. {@code value.converter.schema.registry.url}.
 *
 * <p>Reading uses each record's writer schema; writing uses the Avro schema a Connect schema was read from, or, for
 * gunstream's own record types ({@code GunDelta}, {@code GunNode}...), their exact {@code .avsc} schema, so
 * Avro → Connect → Avro gives the same bytes under the same schema id; any other Connect schema gets an Avro schema
 * derived by {@link AvroConnectData#toAvroSchema}. Values must be structs (records); keys are usually strings:
 * use {@code StringConverter} for them.
 *
 * <p>Lifecycle: the worker creates one per task and key/value, calls {@link #configure} once, then the conversions
 * from the task's thread, and {@link #close} (closes the registry client it built).
 */
public final class GunAvroConverter implements Converter {

    /** What a writer schema id reads as: its Connect schema and a deserializer of its records. */
    private record Reader(Schema connectSchema, org.apache.avro.Schema avroSchema,
                          GunAvroDeserializer<GenericRecord> deserializer) {
    }

    private final SchemaRegistry injectedRegistry;
    private final Map<Integer, Reader> readers = new ConcurrentHashMap<>();
    private final Map<Schema, org.apache.avro.Schema> avroSchemas = new ConcurrentHashMap<>();
    private final Map<org.apache.avro.Schema, GunAvroSerializer<GenericRecord>> serializers = new ConcurrentHashMap<>();
    private final Map<Schema, org.apache.avro.Schema> gunstreamSchemas = new HashMap<>();
    private Map<String, Object> settings;
    private SchemaRegistry registry;
    private boolean ownsRegistry;
    private boolean isKey;
    private int cacheCapacity;

    /** The converter the worker instantiates: builds its registry client from {@code schema.registry.url}. */
    public GunAvroConverter() {
        this(null);
    }

    /** A converter using (and not closing) {@code registry}; {@code schema.registry.url} is then ignored. */
    public GunAvroConverter(final SchemaRegistry registry) {
        this.injectedRegistry = registry;
        for (GunTopics.TopicDefaults topic : GunTopics.ALL) {
            if (SpecificRecord.class.isAssignableFrom(topic.valueClass())) {
                final org.apache.avro.Schema avro = SpecificData.get().getSchema(topic.valueClass());
                gunstreamSchemas.put(AvroConnectData.toConnectSchema(avro), avro);
            }
        }
    }

    @Override
    public void configure(final Map<String, ?> configs, final boolean isKey) {
        final GunAvroSerdeConfig config = new GunAvroSerdeConfig(configs);
        this.settings = new HashMap<>(configs);
        this.isKey = isKey;
        this.cacheCapacity = config.getInt(GunAvroSerdeConfig.CACHE_CAPACITY_CONFIG);
        if (injectedRegistry != null) {
            this.registry = injectedRegistry;
        } else {
            this.registry = new ConfluentRegistryClient(config.registryClientSettings());
            this.ownsRegistry = true;
        }
    }

    @Override
    public SchemaAndValue toConnectData(final String topic, final byte[] value) {
        if (value == null) {
            return SchemaAndValue.NULL;
        }
        requireConfigured();
        if (value.length < WireFormat.HEADER_LENGTH || value[0] != WireFormat.MAGIC_BYTE) {
            throw new DataException("value of " + value.length + " bytes on " + topic + " is not Confluent-framed Avro "
                    + "(magic byte 0 + 4-byte schema id); was it written by an Avro serializer with a schema registry?");
        }
        final int id = WireFormat.schemaId(value);
        final Reader reader = bounded(readers).computeIfAbsent(id, i -> reader(topic, i));
        try {
            final GenericRecord record = reader.deserializer().deserialize(topic, value);
            return new SchemaAndValue(reader.connectSchema(),
                    AvroConnectData.toConnectValue(reader.connectSchema(), reader.avroSchema(), record));
        } catch (GunSerializationException e) {
            throw translate(e);
        } catch (RuntimeException e) {
            throw new DataException("record with schema id " + id + " on " + topic + " cannot become Connect data: " + e, e);
        }
    }

    private Reader reader(final String topic, final int id) {
        final org.apache.avro.Schema writer;
        try {
            writer = registry.schemaById(id);
        } catch (SchemaRegistryException e) {
            if (e.isTransient()) {
                throw new RetriableException("schema registry unavailable while fetching schema id " + id
                        + " for " + topic + ": " + e.getMessage(), e);
            }
            throw new DataException("schema id " + id + " of a record on " + topic
                    + " cannot be fetched from the registry: " + e.getMessage(), e);
        }
        if (writer.getType() != org.apache.avro.Schema.Type.RECORD) {
            throw new DataException("schema id " + id + " on " + topic + " is a " + writer.getType().getName()
                    + ", not a record: GunAvroConverter converts records only");
        }
        final Schema connect = AvroConnectData.toConnectSchema(writer);
        bounded(avroSchemas).putIfAbsent(connect, writer);
        final GunAvroDeserializer<GenericRecord> deserializer =
                new GunAvroDeserializer<>(RecordModel.generic(writer), registry);
        deserializer.configure(settings, isKey);
        return new Reader(connect, writer, deserializer);
    }

    @Override
    public byte[] fromConnectData(final String topic, final Schema schema, final Object value) {
        if (value == null) {
            return null;
        }
        requireConfigured();
        if (schema == null || schema.type() != Schema.Type.STRUCT) {
            throw new DataException("GunAvroConverter writes structs with a schema; got "
                    + (schema == null ? "schemaless " + value.getClass().getName() : schema.type()) + " for " + topic
                    + " (for string keys such as souls use org.apache.kafka.connect.storage.StringConverter)");
        }
        final org.apache.avro.Schema avro = avroSchema(schema);
        final GenericRecord record;
        try {
            record = (GenericRecord) AvroConnectData.toAvroValue(avro, schema, value);
        } catch (DataException e) {
            throw new DataException("Connect value for " + topic + " does not fit Avro " + avro.getFullName() + ": "
                    + e.getMessage(), e);
        } catch (ClassCastException e) {
            throw new DataException("Connect value for " + topic + " does not match its schema " + schema.name()
                    + ": " + e.getMessage(), e);
        }
        try {
            return bounded(serializers).computeIfAbsent(avro, this::serializer).serialize(topic, record);
        } catch (GunSerializationException e) {
            throw translate(e);
        }
    }

    private org.apache.avro.Schema avroSchema(final Schema schema) {
        final org.apache.avro.Schema read = avroSchemas.get(schema);
        if (read != null) {
            return read;
        }
        final org.apache.avro.Schema own = gunstreamSchemas.get(schema);
        return own != null ? own : bounded(avroSchemas).computeIfAbsent(schema, AvroConnectData::toAvroSchema);
    }

    private GunAvroSerializer<GenericRecord> serializer(final org.apache.avro.Schema avro) {
        final GunAvroSerializer<GenericRecord> serializer = new GunAvroSerializer<>(RecordModel.generic(avro), registry);
        serializer.configure(settings, isKey);
        return serializer;
    }

    private static RuntimeException translate(final GunSerializationException e) {
        if (e.reason() == GunSerializationException.Reason.REGISTRY_UNAVAILABLE) {
            return new RetriableException(e.getMessage(), e);
        }
        return new DataException(e.getMessage(), e);
    }

    /** {@code cache}, emptied first when full: distinct schemas are few, so a full cache means churn. */
    private <K, V> Map<K, V> bounded(final Map<K, V> cache) {
        if (cache.size() >= cacheCapacity) {
            cache.clear();
        }
        return cache;
    }

    private void requireConfigured() {
        if (registry == null) {
            throw new IllegalStateException("GunAvroConverter used before configure(config, isKey)");
        }
    }

    @Override
    public ConfigDef config() {
        return GunAvroSerdeConfig.CONFIG;
    }

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void close() {
        if (ownsRegistry && registry != null) {
            registry.close();
            registry = null;
        }
    }
}
