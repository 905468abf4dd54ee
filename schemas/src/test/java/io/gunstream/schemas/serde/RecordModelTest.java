package io.gunstream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.gunstream.core.graph.GunNode;
import io.gunstream.schemas.avro.GunDelta;
import io.gunstream.schemas.avro.Origin;
import io.gunstream.schemas.convert.GunArbitraries;
import io.gunstream.schemas.convert.GunAvro;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitrary;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * {@link RecordModel#reader} is Avro's precompiled fast reader (Avro would silently skip it for our SpecificData
 * subclass); it must read exactly what Avro's resolving reader reads, logical types and unions included.
 */
class RecordModelTest {

    private static final RecordModel<GunDelta> DELTAS = RecordModel.specific(GunDelta.class);
    private static final TrustedSpecificData DATA = new TrustedSpecificData(GunDelta.class);

    @Property(tries = 500)
    void fastReaderReadsWhatTheResolvingReaderReads(@ForAll("nodes") final GunNode node, @ForAll("origins") final Origin origin,
                                                    @ForAll("instants") final Instant receivedAt) throws IOException {
        final GunDelta delta = GunAvro.toDelta(node, origin, receivedAt);
        final Schema schema = GunDelta.getClassSchema();
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        new SpecificDatumWriter<GunDelta>(schema, DATA).write(delta, encoder);
        encoder.flush();
        final byte[] body = out.toByteArray();

        final GunDelta fast = DELTAS.reader(schema).read(null, DecoderFactory.get().binaryDecoder(body, null));
        final GunDelta resolving = new SpecificDatumReader<GunDelta>(schema, schema, DATA)
                .read(null, DecoderFactory.get().binaryDecoder(body, null));
        assertThat(fast).isInstanceOf(GunDelta.class).isEqualTo(resolving).isEqualTo(delta);
        assertThat(fast.getReceivedAt()).isEqualTo(receivedAt);
    }

    @Property(tries = 100)
    void genericModelReadsAnOlderWriterWithDefaults(@ForAll("ids") final String id) throws IOException {
        final GenericRecord v1 = TestSchemas.deviceV1Record(id, 3);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        new org.apache.avro.generic.GenericDatumWriter<GenericRecord>(TestSchemas.deviceV1()).write(v1, encoder);
        encoder.flush();

        final GenericRecord read = RecordModel.generic(TestSchemas.deviceV2()).reader(TestSchemas.deviceV1())
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
        assertThat(read.get("id").toString()).isEqualTo(id);
        assertThat(read.get("battery")).isEqualTo(3);
        assertThat(read.get("region").toString()).isEqualTo("unknown");
    }

    @Provide
    Arbitrary<GunNode> nodes() {
        return GunArbitraries.nodes();
    }

    @Provide
    Arbitrary<Origin> origins() {
        return GunArbitraries.origins();
    }

    @Provide
    Arbitrary<Instant> instants() {
        return GunArbitraries.instants();
    }

    @Provide
    Arbitrary<String> ids() {
        return GunArbitraries.unicode(1, 12);
    }
}
