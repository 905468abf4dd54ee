package io.gunstream.streams.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gunstream.core.graph.GunNode;
import io.gunstream.core.graph.GunValue;
import java.util.List;
import org.junit.jupiter.api.Test;

class GunNodeJsonTest {

    @Test
    void writesTheGunJsFormWithStatesFirstAndFieldsInOrder() {
        final GunNode node = GunNode.builder("devices/d1")
                .put("name", 1_700_000_000_000.5, GunValue.of("lamp"))
                .put("on", 2, GunValue.of(true))
                .put("off", 3, GunValue.of(false))
                .put("gone", 4, GunValue.NULL)
                .put("owner", 5, GunValue.link("people/alice"))
                .build();

        assertThat(GunNodeJson.write(node)).isEqualTo("{\"_\":{\"#\":\"devices/d1\",\">\":{\"name\":1700000000000.5,\"on\":2,"
                + "\"off\":3,\"gone\":4,\"owner\":5}},\"name\":\"lamp\",\"on\":true,\"off\":false,\"gone\":null,"
                + "\"owner\":{\"#\":\"people/alice\"}}");
    }

    @Test
    void numbersPrintAsV8PrintsThem() {
        final GunNode node = GunNode.builder("n")
                .put("big", 1, GunValue.of(1e21))
                .put("below", 1, GunValue.of(1e20))
                .put("negZero", -0.0, GunValue.of(-0.0))
                .put("tiny", 1, GunValue.of(Double.MIN_VALUE))
                .put("small", 1, GunValue.of(1e-7))
                .put("fraction", 1, GunValue.of(0.1 + 0.2))
                .put("unsafe", 1, GunValue.of(9007199254740993d))
                .put("max", 1, GunValue.of(Double.MAX_VALUE))
                .put("minus", 1, GunValue.of(-1.5e-300))
                .build();

        assertThat(GunNodeJson.write(node)).endsWith("\"big\":1e+21,\"below\":100000000000000000000,\"negZero\":0,"
                + "\"tiny\":5e-324,\"small\":1e-7,\"fraction\":0.30000000000000004,\"unsafe\":9007199254740992,"
                + "\"max\":1.7976931348623157e+308,\"minus\":-1.5e-300}");
        assertThat(GunNodeJson.write(node)).contains("\"negZero\":0,\"tiny\"");
    }

    @Test
    void stringsEscapeAsJsonStringifyDoes() {
        final GunNode node = GunNode.builder("sou\"l/\u00e9\ud83d\ude00")
                .put("k\n", 1, GunValue.of("tab\there \u0001 \u2028 \\ \ud800 end"))
                .build();

        assertThat(GunNodeJson.write(node)).isEqualTo("{\"_\":{\"#\":\"sou\\\"l/\u00e9\ud83d\ude00\",\">\":{\"k\\n\":1}},"
                + "\"k\\n\":\"tab\\there \\u0001 \u2028 \\\\ \\ud800 end\"}");
    }

    @Test
    void parsesWhatItWritesBackToTheSameNode() {
        final GunNode node = GunNode.builder("a/b c/\ud83d\ude00")
                .put("s", 1.25, GunValue.of("x\u0000y\ud800"))
                .put("n", 1e21, GunValue.of(-1e-7))
                .put("z", 0, GunValue.of(-0.0))
                .put("l", 7, GunValue.link("x/y"))
                .put("nil", 8, GunValue.NULL)
                .put("t", 9, GunValue.of(true))
                .build();

        final GunNode back = GunNodeJson.parse(GunNodeJson.write(node));

        assertThat(back).isEqualTo(node);
        assertThat(List.copyOf(back.fields().keySet())).containsExactly("s", "n", "z", "l", "nil", "t");
        assertThat(back.fields().get("l").value()).isInstanceOf(GunValue.Link.class);
        assertThat(back.fields().get("s").value()).isEqualTo(GunValue.of("x\u0000y\ud800"));
    }

    @Test
    void parsesGunJsOutputWithIntegersExponentsAndMetaFirstOrLast() {
        final GunNode parsed = GunNodeJson.parse("{\"x\":12345678901234567890123,\"_\":{\">\":{\"x\":1e+3,\"y\":2},\"#\":\"s\"},"
                + "\"y\":\"1\"}");

        assertThat(parsed.soul()).isEqualTo("s");
        assertThat(parsed.fields().get("x").value()).isEqualTo(GunValue.of(1.2345678901234568e22));
        assertThat(parsed.fields().get("x").state()).isEqualTo(1000.0);
        assertThat(parsed.fields().get("y").value()).isEqualTo(GunValue.of("1")); // a string stays a string
    }

    @Test
    void arraysRoundTrip() {
        final List<GunNode> nodes = List.of(GunNode.builder("a").put("k", 1, GunValue.of(1)).build(), GunNode.empty("b"));

        assertThat(GunNodeJson.writeArray(nodes)).isEqualTo("[{\"_\":{\"#\":\"a\",\">\":{\"k\":1}},\"k\":1},{\"_\":{\"#\":\"b\",\">\":{}}}]");
        assertThat(GunNodeJson.parseArray(GunNodeJson.writeArray(nodes))).isEqualTo(nodes);
        assertThat(GunNodeJson.parseArray("[]")).isEmpty();
    }

    @Test
    void refusesWhatIsNotANodeNamingSoulAndKey() {
        assertThatThrownBy(() -> GunNodeJson.parse("{\"_\":{\"#\":\"s\",\">\":{}},\"k\":1}"))
                .isInstanceOf(GunJsonException.class).hasMessageContaining("\"k\"").hasMessageContaining("s").hasMessageContaining("no state");
        assertThatThrownBy(() -> GunNodeJson.parse("{\"_\":{\"#\":\"s\",\">\":{\"k\":1}}}"))
                .isInstanceOf(GunJsonException.class).hasMessageContaining("no value");
        assertThatThrownBy(() -> GunNodeJson.parse("{\"_\":{\">\":{}}}"))
                .isInstanceOf(GunJsonException.class).hasMessageContaining("no soul");
        assertThatThrownBy(() -> GunNodeJson.parse("{\"_\":{\"#\":\"s\",\">\":{\"k\":1}},\"k\":{\"a\":1}}"))
                .isInstanceOf(GunJsonException.class).hasMessageContaining("not a link");
        assertThatThrownBy(() -> GunNodeJson.parse("{\"_\":{\"#\":\"s\",\">\":{\"k\":1}},\"k\":[1]}"))
                .isInstanceOf(GunJsonException.class).hasMessageContaining("not a Gun value");
        assertThatThrownBy(() -> GunNodeJson.parse("{\"_\":{\"#\":\"s\",\">\":{\"k\":\"1\"}},\"k\":1}"))
                .isInstanceOf(GunJsonException.class).hasMessageContaining("state of key \"k\"");
        assertThatThrownBy(() -> GunNodeJson.parse("{\"_\":{\"#\":\"s\",\">\":{}}} x"))
                .isInstanceOf(GunJsonException.class);
        assertThatThrownBy(() -> GunNodeJson.parse("{\"_\":{\"#\":\"s\""))
                .isInstanceOf(GunJsonException.class).hasMessageContaining("not JSON");
    }
}
