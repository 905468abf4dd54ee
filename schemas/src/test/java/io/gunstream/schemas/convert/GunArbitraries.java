package io.gunstream.schemas.convert;

import io.gunstream.core.graph.GunNode;
import io.gunstream.core.graph.GunValue;
import io.gunstream.core.graph.InvalidGraphException;
import io.gunstream.core.graph.Souls;
import io.gunstream.schemas.avro.Origin;
import io.gunstream.schemas.avro.SourceKind;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Generators of gun-core graphs that stress the conversions: edge doubles, unicode, empty strings, links. */
public final class GunArbitraries {

    private GunArbitraries() {
    }

    /** Well-formed unicode strings, empty included: BMP, astral (surrogate pairs), controls, NUL. */
    public static Arbitrary<String> unicode(final int minLength, final int maxLength) {
        final Arbitrary<Integer> codePoint = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, Arbitraries.integers().between(0x20, 0x7e)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0, 0x1f)),
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(0x80, 0xd7ff)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0xe000, 0xffff)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0x10000, 0x10ffff)));
        return codePoint.list().ofMinSize(minLength).ofMaxSize(maxLength).map(cps -> {
            final StringBuilder sb = new StringBuilder();
            cps.forEach(sb::appendCodePoint);
            return sb.toString();
        });
    }

    /** Finite doubles: raw bit patterns (subnormals, huge, tiny) plus the edges -0, ±MIN_VALUE, ±MAX_VALUE, 2^53+1. */
    public static Arbitrary<Double> doubles() {
        return Arbitraries.oneOf(
                Arbitraries.longs().map(Double::longBitsToDouble).filter(Double::isFinite),
                Arbitraries.of(-0.0, 0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE,
                        Double.MIN_NORMAL, 1.0, -1.0, 0.1, 9007199254740993.0, 1e21, 1e-7, 1.7e308),
                Arbitraries.doubles().between(-1e6, 1e6));
    }

    public static Arbitrary<String> souls() {
        return unicode(1, 12).filter(GunArbitraries::validSoul);
    }

    public static Arbitrary<String> keys() {
        return unicode(1, 8).filter(k -> !Souls.META_KEY.equals(k));
    }

    public static Arbitrary<GunValue> values() {
        return Arbitraries.oneOf(
                Arbitraries.just(GunValue.NULL),
                Arbitraries.of(true, false).map(GunValue::of),
                doubles().map(GunValue::of),
                unicode(0, 20).map(GunValue::of),
                Arbitraries.of("1", "0", "-0", "true", "null", "").map(GunValue::of),
                souls().map(GunValue::link));
    }

    public static Arbitrary<GunNode> nodes() {
        final Arbitrary<List<Object[]>> fields = Combinators.combine(keys(), doubles(), values())
                .as((k, s, v) -> new Object[] {k, s, v}).list().ofMaxSize(12);
        return Combinators.combine(souls(), fields).as((soul, fs) -> {
            final GunNode.Builder b = GunNode.builder(soul);
            fs.forEach(f -> b.put((String) f[0], (Double) f[1], (GunValue) f[2]));
            return b.build();
        });
    }

    public static Arbitrary<Origin> origins() {
        final Arbitrary<String> optional = unicode(0, 10).injectNull(0.3);
        return Combinators.combine(Arbitraries.of(SourceKind.class), unicode(1, 10), optional, optional)
                .as(Origin::new);
    }

    public static Arbitrary<Instant> instants() {
        return Arbitraries.longs().between(-62_135_596_800_000L, 253_402_300_799_999L).map(Instant::ofEpochMilli);
    }

    private static boolean validSoul(final String soul) {
        try {
            Souls.requireValidSoul(soul);
            return true;
        } catch (final InvalidGraphException e) {
            return false;
        }
    }
}
