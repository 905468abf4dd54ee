package io.gunstream.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/**
 * Compares {@link JsJson} with what V8 printed for ~3,000 doubles and a set of tricky strings
 * ({@code src/test/resources/json/gen-js-json.js} produced the expectations with node).
 */
class JsJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void numbersPrintExactlyAsV8() throws IOException {
        final JsonNode cases = load("/json/js-numbers.json");
        assertThat(cases.size()).isGreaterThan(2000);
        for (final JsonNode c : cases) {
            final double value = Double.longBitsToDouble(new BigInteger(c.get("bits").asText()).longValue());
            assertThat(JsNumbers.toJsString(value)).as("bits %s", c.get("bits").asText()).isEqualTo(c.get("js").asText());
        }
    }

    @Test
    void stringsQuoteExactlyAsV8() throws IOException {
        final JsonNode cases = load("/json/js-strings.json");
        for (final JsonNode c : cases) {
            final StringBuilder s = new StringBuilder();
            c.get("codeUnits").forEach(u -> s.append((char) u.asInt()));
            assertThat(JsJson.quote(s.toString())).isEqualTo(c.get("js").asText());
        }
    }

    @Test
    void nonFiniteNumbersAreRefused() {
        assertThatThrownBy(() -> JsNumbers.toJsString(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsNumbers.toJsString(Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
    }

    private static JsonNode load(final String resource) throws IOException {
        try (InputStream in = JsJsonTest.class.getResourceAsStream(resource)) {
            return JSON.readTree(in);
        }
    }
}
