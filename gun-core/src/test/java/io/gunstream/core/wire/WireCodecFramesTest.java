package io.gunstream.core.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gunstream.core.graph.FieldState;
import io.gunstream.core.graph.GunNode;
import io.gunstream.core.graph.GunValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every frame recorded between real gun.js peers (vectors/frames.json) is read and written back exactly. */
class WireCodecFramesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final WireCodec codec = new WireCodec();

    static List<String> recordedFrames() {
        try (InputStream in = WireCodecFramesTest.class.getResourceAsStream("/vectors/frames.json")) {
            final List<String> frames = new ArrayList<>();
            for (final JsonNode entry : JSON.readTree(in).get("frames")) {
                if (!entry.get("dir").asText().equals("note")) {
                    frames.add(entry.get("frame").asText());
                }
            }
            return frames;
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void allRecordedFramesAreUsed() {
        assertThat(recordedFrames()).hasSize(37);
    }

    /**
     * gun.js on Node writes through YSON, which sorts keys at every level, and so does the writer: every
     * recorded frame comes back byte for byte, from String and from UTF-8 input alike.
     */
    @ParameterizedTest
    @MethodSource("recordedFrames")
    void recordedFrameRoundTripsByteIdentical(final String frame) throws IOException {
        final List<GunMessage> messages = codec.read(frame);
        assertThat(messages).isNotEmpty();
        final String written = frame.startsWith("[") ? codec.writeBatch(messages) : codec.write(messages.get(0));
        assertThat(written).isEqualTo(frame);
        assertThat(codec.read(frame.getBytes(StandardCharsets.UTF_8))).isEqualTo(messages);
        assertThat(codec.read(written)).isEqualTo(messages);
        assertThat(JSON.readTree(written)).isEqualTo(JSON.readTree(frame));
    }

    @Test
    void clientPutCarriesGraphLinkAndOkObject() {
        final GunMessage put = codec.read("{\"#\":\"3FLzq1Kr4\",\"ok\":{\"/\":0,\"@\":9},\"put\":{\"alice\":{\"_\":{\"#\":"
                + "\"alice\",\">\":{\"address\":1795609883363,\"age\":1795609883363,\"name\":1795609883363}},\"address\":"
                + "{\"#\":\"alice/address\"},\"age\":30,\"name\":\"Alice\"},\"alice/address\":{\"_\":{\"#\":"
                + "\"alice/address\",\">\":{\"city\":1795609883363}},\"city\":\"Paris\"}}}").get(0);
        assertThat(put.id()).isEqualTo("3FLzq1Kr4");
        assertThat(put.ok()).isEqualTo(RawJson.okHops(0, 9));
        assertThat(put.put()).containsOnlyKeys("alice", "alice/address");
        final GunNode alice = put.put().get("alice");
        assertThat(alice.fields()).containsExactly(
                java.util.Map.entry("address", FieldState.of(1795609883363d, GunValue.link("alice/address"))),
                java.util.Map.entry("age", FieldState.of(1795609883363d, GunValue.of(30))),
                java.util.Map.entry("name", FieldState.of(1795609883363d, GunValue.of("Alice"))));
        assertThat(put.put().get("alice/address").field("city")).contains(FieldState.of(1795609883363d, GunValue.of("Paris")));
        assertThat(put.get()).isNull();
        assertThat(put.hash()).isNull();
    }

    @Test
    void getReplyCarriesHashReplyToAndDebugFieldVerbatim() {
        final GunMessage reply = codec.read("{\"#\":\"Z1taqzHeg\",\"##\":1915257387,\"@\":\"OzDxcNNLD\",\"FOO\":1,\"put\":"
                + "{\"alice/address\":{\"_\":{\"#\":\"alice/address\",\">\":{\"city\":1795609883363}},\"city\":\"Paris\"}}}").get(0);
        assertThat(reply.hash()).isEqualTo(1915257387);
        assertThat(reply.replyTo()).isEqualTo("OzDxcNNLD");
        assertThat(reply.extra()).containsExactly(java.util.Map.entry("FOO", RawJson.of(1)));
        assertThat(GunHash.of(reply.put())).isEqualTo(reply.hash());
    }

    @Test
    void getOfOneKeyHandshakeForwardedGetAndBatch() {
        assertThat(codec.read("{\"#\":\"OzDxcNNLD\",\"get\":{\"#\":\"alice/address\",\".\":\"city\"}}").get(0).get())
                .isEqualTo(GetRequest.field("alice/address", "city"));
        final GunMessage dam = codec.read("{\"#\":\"HGOlECdIu\",\"@\":\"rIqQPpKRx\",\"dam\":\"?\",\"pid\":\"fa1kr4efj\"}").get(0);
        assertThat(dam.isDam()).isTrue();
        assertThat(dam.pid()).isEqualTo("fa1kr4efj");
        final GunMessage forwarded = codec.read("{\"#\":\"jsd9oHuDq\",\"><\":\"fa1kr4efj,LxGNUn96a\",\"get\":{\"#\":\"alice\"}}").get(0);
        assertThat(forwarded.peers()).isEqualTo("fa1kr4efj,LxGNUn96a");
        assertThat(forwarded.get()).isEqualTo(GetRequest.node("alice"));
        final List<GunMessage> batch = codec.read("[{\"#\":\"UqCcfmCwh\",\"@\":\"TwdEmpMic\",\"ok\":true}]");
        assertThat(batch).singleElement().satisfies(m -> assertThat(m.ok().isTrue()).isTrue());
    }

    @Test
    void deleteIsANullValueWithANewState() {
        final GunMessage delete = codec.read("{\"#\":\"TwdEmpMic\",\"put\":{\"alice\":{\"_\":{\"#\":\"alice\",\">\":"
                + "{\"name\":1795609888373}},\"name\":null}}}").get(0);
        assertThat(delete.put().get("alice").field("name")).contains(FieldState.of(1795609888373d, GunValue.NULL));
        assertThat(delete.put().get("alice").isAllNull()).isTrue();
    }

    @Test
    void builtMessagesWriteAsGunDoes() {
        final GunMessage ack = GunMessage.builder().id("HOCuEMEcu").replyTo("3FLzq1Kr4").ok(RawJson.TRUE).build();
        assertThat(codec.write(ack)).isEqualTo("{\"#\":\"HOCuEMEcu\",\"@\":\"3FLzq1Kr4\",\"ok\":true}");
        assertThat(codec.write(GunMessage.damError("Message too big!"))).isEqualTo("{\"dam\":\"!\",\"err\":\"Message too big!\"}");
        final GunMessage put = GunMessage.builder().id("x").put(GunNode.builder("bob").put("x", 1795609887473d, GunValue.of(1)).build()).build();
        assertThat(codec.write(put)).isEqualTo("{\"#\":\"x\",\"put\":{\"bob\":{\"_\":{\"#\":\"bob\",\">\":{\"x\":1795609887473}},\"x\":1}}}");
        assertThat(codec.write(List.of(ack, ack))).startsWith("[{").endsWith("}]");
        assertThat(codec.write(List.of())).isEqualTo("[]");
    }

    @Test
    void unmodelledFieldsAndGetOptionsAreKeptAndWrittenSorted() {
        final GunMessage m = codec.read("{\"#\":\"g\",\"get\":{\"#\":\"s\",\".\":{\"*\":\"pre\"},\"%\":100},"
                + "\"DBG\":{\"z\":[1,{\"b\":true,\"a\":1.50}]},\"%\":\"next\"}").get(0);
        assertThat(m.get().soul()).isEqualTo("s");
        assertThat(m.get().key()).isNull();
        assertThat(m.get().extra()).containsOnlyKeys(".", "%");
        assertThat(m.extra().get("DBG").json()).isEqualTo("{\"z\":[1,{\"a\":1.5,\"b\":true}]}");
        assertThat(codec.write(m)).isEqualTo("{\"#\":\"g\",\"%\":\"next\",\"DBG\":{\"z\":[1,{\"a\":1.5,\"b\":true}]},"
                + "\"get\":{\"#\":\"s\",\"%\":100,\".\":{\"*\":\"pre\"}}}");
        assertThat(codec.read(codec.write(m))).containsExactly(m);
    }

    @Test
    void uppercaseKeysSortBeforeTheMetaKeyAsYsonWritesThem() {
        final String frame = "{\"#\":\"m\",\"put\":{\"s\":{\"Name\":\"A\",\"_\":{\"#\":\"s\",\">\":{\"Name\":1,\"age\":2}},\"age\":3}}}";
        assertThat(codec.write(codec.read(frame))).isEqualTo(frame);
    }
}
