package io.gunstream.core.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gunstream.core.graph.GunNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code ##} against the real gun.js: the hashes recorded on the wire, and 300 random puts that
 * {@code gen-hash-vectors.js} serialised and hashed with gun's own YSON and {@code String.hash}.
 */
class GunHashTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final WireCodec codec = new WireCodec();

    @Test
    void recordedRepliesCarryTheHashOfTheirPut() {
        int checked = 0;
        for (final String frame : WireCodecFramesTest.recordedFrames()) {
            for (final GunMessage m : codec.read(frame)) {
                if (m.hash() != null && m.put() != null) {
                    assertThat(GunHash.of(m.put())).as(frame).isEqualTo(m.hash());
                    checked++;
                }
            }
        }
        assertThat(checked).isEqualTo(3); // relay's and writer's replies for 'alice', relay's for 'alice/address'
        assertThat(GunHash.of(codec.read(WireCodecFramesTest.recordedFrames().stream()
                .filter(f -> f.contains("\"##\":-1374892213")).findFirst().orElseThrow()).get(0).put())).isEqualTo(-1374892213);
    }

    @Test
    void randomPutsHashAsGunDoesOnNodeAndInTheBrowser() throws IOException {
        final List<JsonNode> cases = new ArrayList<>();
        try (InputStream in = getClass().getResourceAsStream("/wire/hash-vectors.json")) {
            JSON.readTree(in).get("cases").forEach(cases::add);
        }
        assertThat(cases).hasSize(300);
        int flavoursDiffer = 0;
        for (final JsonNode c : cases) {
            final Map<String, GunNode> put = codec.read("{\"put\":" + c.get("put").asText() + "}").get(0).put();
            assertThat(GunHash.json(put, KeyOrder.SORTED)).isEqualTo(c.get("node_text").asText());
            assertThat(GunHash.of(put)).isEqualTo(c.get("node_hash").asInt());
            assertThat(GunHash.json(put, KeyOrder.V8_SORTED)).isEqualTo(c.get("v8_text").asText());
            assertThat(GunHash.of(put, KeyOrder.V8_SORTED)).isEqualTo(c.get("v8_hash").asInt());
            if (c.get("node_hash").asInt() != c.get("v8_hash").asInt()) {
                flavoursDiffer++;
            }
        }
        assertThat(flavoursDiffer).as("cases where array-index keys make the flavours differ").isGreaterThan(50);
    }

    @Test
    void hashIsJavaStringHashCodeAcrossGunsChunkBoundary() {
        // gun hashes 32,768-char chunks seeded with the previous chunk's result: same as one pass
        final String text = "é".repeat(40_000) + "x";
        int c = 0;
        for (int i = 0; i < text.length(); i++) {
            c = ((c << 5) - c) + text.charAt(i);
        }
        assertThat(GunHash.hash(text)).isEqualTo(c);
        assertThat(GunHash.hash("")).isZero();
    }
}
