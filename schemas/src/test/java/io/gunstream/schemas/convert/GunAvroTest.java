package io.gunstream.schemas.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gunstream.core.graph.GraphRule;
import io.gunstream.core.graph.GunNode;
import io.gunstream.core.graph.GunValue;
import io.gunstream.core.graph.InvalidGraphException;
import io.gunstream.schemas.avro.GunField;
import io.gunstream.schemas.avro.GunLink;
import java.util.List;
import org.junit.jupiter.api.Test;

class GunAvroTest {

    private static io.gunstream.schemas.avro.GunValue avro(final Object branch) {
        return new io.gunstream.schemas.avro.GunValue(branch);
    }

    @Test
    void valuesKeepGunTypes() {
        assertThat(GunAvro.toAvro(GunValue.of(1)).getValue()).isEqualTo(1.0);
        assertThat(GunAvro.toAvro(GunValue.of("1")).getValue()).isEqualTo("1");
        assertThat(GunAvro.toAvro(GunValue.link("people/ann")).getValue()).isEqualTo(new GunLink("people/ann"));
        assertThat(GunAvro.toAvro(GunValue.NULL).getValue()).isNull();
        assertThat(GunAvro.toAvro(GunValue.of(false)).getValue()).isEqualTo(false);

        assertThat(GunAvro.toCore(avro("1"))).isEqualTo(GunValue.of("1")).isNotEqualTo(GunValue.of(1));
        assertThat(GunAvro.toCore(avro(new GunLink("a")))).isEqualTo(GunValue.link("a")).isNotEqualTo(GunValue.of("a"));
    }

    @Test
    void negativeZeroKeepsItsSign() {
        final Object branch = GunAvro.toAvro(GunValue.of(-0.0)).getValue();
        assertThat(Double.doubleToRawLongBits((Double) branch)).isEqualTo(Double.doubleToRawLongBits(-0.0));
        final GunValue back = GunAvro.toCore(avro(-0.0));
        assertThat(Double.doubleToRawLongBits(((GunValue.Num) back).value())).isEqualTo(Double.doubleToRawLongBits(-0.0));
    }

    @Test
    void duplicateKeyIsRefusedNamingSoulAndKey() {
        final List<GunField> fields = List.of(new GunField("a", 1.0, avro(1.0)), new GunField("a", 2.0, avro(2.0)));
        assertThatThrownBy(() -> GunAvro.toCoreNode("s", fields))
                .isInstanceOfSatisfying(InvalidRecordException.class, e -> {
                    assertThat(e.reason()).isEqualTo(InvalidRecordException.DUPLICATE_KEY);
                    assertThat(e.soul()).contains("s");
                    assertThat(e.key()).contains("a");
                });
    }

    @Test
    void gunRulesApplyToForeignRecords() {
        assertThatThrownBy(() -> GunAvro.toCoreNode("s", List.of(new GunField("k", Double.NaN, avro(1.0)))))
                .isInstanceOfSatisfying(InvalidGraphException.class, e -> {
                    assertThat(e.rule()).isEqualTo(GraphRule.STATE_NOT_A_NUMBER);
                    assertThat(e.soul()).contains("s");
                    assertThat(e.key()).contains("k");
                });
        assertThatThrownBy(() -> GunAvro.toCoreNode("s", List.of(new GunField("k", 1.0, avro(Double.POSITIVE_INFINITY)))))
                .isInstanceOfSatisfying(InvalidGraphException.class, e -> assertThat(e.rule()).isEqualTo(GraphRule.INVALID_VALUE));
        assertThatThrownBy(() -> GunAvro.toCoreNode("s", List.of(new GunField("_", 1.0, avro(1.0)))))
                .isInstanceOfSatisfying(InvalidGraphException.class, e -> assertThat(e.rule()).isEqualTo(GraphRule.RESERVED_KEY));
        assertThatThrownBy(() -> GunAvro.toCoreNode("", List.of()))
                .isInstanceOfSatisfying(InvalidGraphException.class, e -> assertThat(e.rule()).isEqualTo(GraphRule.EMPTY_SOUL));
    }

    @Test
    void foreignValueTypeIsRefused() {
        assertThatThrownBy(() -> GunAvro.toCoreNode("s", List.of(new GunField("k", 1.0, avro(42)))))
                .isInstanceOfSatisfying(InvalidRecordException.class, e -> {
                    assertThat(e.reason()).isEqualTo(InvalidRecordException.UNSUPPORTED_VALUE_TYPE);
                    assertThat(e.key()).contains("k");
                    assertThat(e.getMessage()).contains("java.lang.Integer");
                });
    }

    @Test
    void loneSurrogatesAreRefusedInsteadOfTurningIntoQuestionMarks() {
        final GunNode badValue = GunNode.builder("s").put("k", 1, GunValue.of("a\uD800b")).build();
        assertThatThrownBy(() -> GunAvro.toAvro(badValue))
                .isInstanceOfSatisfying(InvalidRecordException.class, e -> {
                    assertThat(e.reason()).isEqualTo(InvalidRecordException.ILL_FORMED_UNICODE);
                    assertThat(e.soul()).contains("s");
                    assertThat(e.key()).contains("k");
                    assertThat(e.getMessage()).contains("U+D800").contains("index 1");
                });
        assertThatThrownBy(() -> GunAvro.toAvro(GunNode.builder("s\uDC00").build()))
                .isInstanceOf(InvalidRecordException.class).hasMessageContaining("soul");
        assertThatThrownBy(() -> GunAvro.toAvro(GunNode.builder("s").put("\uDBFF", 1, GunValue.NULL).build()))
                .isInstanceOf(InvalidRecordException.class).hasMessageContaining("key");
        // A proper pair passes.
        assertThat(GunAvro.toAvro(GunNode.builder("s").put("k", 1, GunValue.of("\uD83D\uDE00")).build()).getFields()).hasSize(1);
    }
}
