package io.gunstream.core.ham;

import static org.assertj.core.api.Assertions.assertThat;

import io.gunstream.core.graph.GunValue;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** {@link JsonOrder}'s shortcuts agree with comparing the full {@code JSON.stringify} texts. */
class JsonOrderTest {

    @Property(tries = 20_000)
    void sameOrderAsComparingJsonText(@ForAll("values") final GunValue a, @ForAll("values") final GunValue b) {
        assertThat(Integer.signum(JsonOrder.compare(a, b)))
                .as("%s vs %s", a.toJson(), b.toJson())
                .isEqualTo(Integer.signum(a.toJson().compareTo(b.toJson())));
    }

    @Provide
    Arbitrary<GunValue> values() {
        // characters around every boundary the shortcuts rely on: controls, space, '!', '"', '#', '\', surrogates
        final Arbitrary<String> text = Arbitraries.frequencyOf(
                        Tuple.of(5, Arbitraries.chars().with('\u0000', '\n', '\u001f', ' ', '!', '"', '#', '$', '\\',
                                ']', 'a', 'b', '\u007f', '\u00e9', '\u2028', '\ud800', '\udc00', '\ud83d', '\ude00', '\ufffd')),
                        Tuple.of(1, Arbitraries.chars()))
                .list().ofMaxSize(5).map(chars -> {
                    final StringBuilder s = new StringBuilder();
                    chars.forEach(s::append);
                    return s.toString();
                });
        final Arbitrary<GunValue> numbers = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.of(0d, -0d, 1d, -1d, 10d, 2d, 9d, 1e21, 1.5, -2.25, 5e-324)),
                Tuple.of(1, Arbitraries.integers().between(-20, 20).map(i -> (double) i)),
                Tuple.of(1, Arbitraries.longs().map(Double::longBitsToDouble).filter(Double::isFinite)))
                .map(GunValue::of);
        return Arbitraries.frequencyOf(
                Tuple.of(4, text.map(GunValue::of)),
                Tuple.of(3, numbers),
                Tuple.of(2, Arbitraries.of(GunValue.NULL, GunValue.of(true), GunValue.of(false))),
                Tuple.of(2, text.filter(s -> !s.isEmpty()).map(GunValue::link)));
    }
}
