package io.gunstream.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.gunstream.core.graph.GraphRule;
import io.gunstream.core.graph.InvalidGraphException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The puts of the gun.js vectors, sent as wire messages: what gun.js refused is refused, what it accepted is
 * accepted, except the documented divergences where gun.js silently loses data.
 */
class WireVectorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** gun.js accepts these (and then stores garbage or nothing); gunstream refuses them. */
    private static final Set<GraphRule> DIVERGENCES = Set.of(GraphRule.STATE_NOT_A_NUMBER, GraphRule.EMPTY_KEY);

    private final WireCodec codec = new WireCodec();

    @Test
    void mergeSequencePutsAreAcceptedOrRefusedAsGunDid() throws IOException {
        final JsonNode cases = load("/vectors/merge-sequences.json").get("cases");
        int accepted = 0;
        int refused = 0;
        int divergent = 0;
        for (final JsonNode c : cases) {
            for (int i = 0; i < c.get("steps").size(); i++) {
                final JsonNode step = c.get("steps").get(i);
                if (!step.has("put")) {
                    continue;
                }
                final String frame = "{\"#\":\"step" + i + "\",\"put\":" + JSON.writeValueAsString(wireForm(step.get("put"))) + "}";
                final boolean gunRefused = !c.get("after").get(i).get("err").isNull();
                final String label = c.get("name").asText() + " step " + i;
                if (gunRefused) {
                    assertThatThrownBy(() -> codec.read(frame)).as(label).isInstanceOf(InvalidGraphException.class);
                    refused++;
                } else {
                    try {
                        assertThat(codec.read(frame)).as(label).hasSize(1);
                        accepted++;
                    } catch (final InvalidGraphException e) {
                        assertThat(e.rule()).as(label).isIn(DIVERGENCES);
                        divergent++;
                    }
                }
            }
        }
        assertThat(accepted).isGreaterThan(40);
        assertThat(refused).isEqualTo(3);
        assertThat(divergent).isEqualTo(1); // the empty-string key
    }

    @Test
    void hamIncomingValuesAreAcceptedOrRefusedAsGunDid() throws IOException {
        int divergent = 0;
        for (final JsonNode c : load("/vectors/ham.json").get("cases")) {
            final JsonNode incoming = c.get("incoming");
            final ObjectNode node = JSON.createObjectNode();
            final ObjectNode meta = node.putObject("_");
            meta.put("#", "s");
            final ObjectNode states = meta.putObject(">");
            if (incoming.has("state")) {
                states.set("k", wireForm(incoming.get("state")));
            }
            if (incoming.has("value")) {
                node.set("k", wireForm(incoming.get("value")));
            }
            final String frame = "{\"put\":{\"s\":" + JSON.writeValueAsString(node) + "}}";
            final String result = c.get("result").asText();
            final String label = c.get("name").asText();
            if (result.equals("invalid-skipped") || result.equals("error")) {
                assertThatThrownBy(() -> codec.read(frame)).as(label).isInstanceOf(InvalidGraphException.class)
                        .satisfies(e -> assertThat(((InvalidGraphException) e).soul()).contains("s"));
            } else if (!incoming.get("state").isNumber()) {
                assertThatThrownBy(() -> codec.read(frame)).as(label).isInstanceOf(InvalidGraphException.class)
                        .satisfies(e -> assertThat(((InvalidGraphException) e).rule()).isEqualTo(GraphRule.STATE_NOT_A_NUMBER));
                divergent++;
            } else {
                final GunMessage m = codec.read(frame).get(0);
                assertThat(m.put().get("s").field("k")).as(label).isPresent();
                assertThat(codec.read(codec.write(m))).as(label).containsExactly(m);
            }
        }
        assertThat(divergent).isEqualTo(6);
    }

    /**
     * The vectors write non-finite numbers as the strings "NaN"/"Infinity"/"-Infinity". On the wire JSON has no
     * NaN at all and JSON.parse turns 1e999 into Infinity, so those become 1e999 / -1e999 here.
     */
    private static JsonNode wireForm(final JsonNode value) {
        if (value instanceof TextNode text) {
            return switch (text.asText()) {
                case "NaN", "Infinity" -> JSON.getNodeFactory().rawValueNode(new com.fasterxml.jackson.databind.util.RawValue("1e999"));
                case "-Infinity" -> JSON.getNodeFactory().rawValueNode(new com.fasterxml.jackson.databind.util.RawValue("-1e999"));
                default -> value;
            };
        }
        if (value instanceof ObjectNode object) {
            final ObjectNode copy = JSON.createObjectNode();
            final Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                final Map.Entry<String, JsonNode> e = fields.next();
                copy.set(e.getKey(), wireForm(e.getValue()));
            }
            return copy;
        }
        return value;
    }

    private static JsonNode load(final String resource) throws IOException {
        try (InputStream in = WireVectorsTest.class.getResourceAsStream(resource)) {
            return JSON.readTree(in);
        }
    }
}
