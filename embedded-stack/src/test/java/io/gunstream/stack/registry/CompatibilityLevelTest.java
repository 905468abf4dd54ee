package io.gunstream.stack.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class CompatibilityLevelTest {

    private static final Schema A = parse("""
            {"type":"record","name":"R","fields":[{"name":"a","type":"string"}]}""");
    /** A plus b with a default. */
    private static final Schema AB_DEFAULT = parse("""
            {"type":"record","name":"R","fields":[{"name":"a","type":"string"},{"name":"b","type":"int","default":0}]}""");
    /** Only b without default: reads nothing A wrote, and A cannot read its a. */
    private static final Schema B = parse("""
            {"type":"record","name":"R","fields":[{"name":"b","type":"int"}]}""");
    /** a dropped, b with a default. */
    private static final Schema B_DEFAULT = parse("""
            {"type":"record","name":"R","fields":[{"name":"b","type":"int","default":0}]}""");

    @Test
    void backwardMeansTheNewSchemaReadsOldData() {
        assertThat(CompatibilityLevel.BACKWARD.check(AB_DEFAULT, List.of(A))).isEmpty();
        assertThat(CompatibilityLevel.BACKWARD.check(B, List.of(A))).isNotEmpty().first().asString()
                .contains("READER_FIELD_MISSING_DEFAULT_VALUE");
    }

    @Test
    void forwardMeansOldReadersReadNewData() {
        assertThat(CompatibilityLevel.FORWARD.check(AB_DEFAULT, List.of(A))).isEmpty();
        // Old readers need a, which the new schema no longer writes.
        assertThat(CompatibilityLevel.FORWARD.check(B_DEFAULT, List.of(A))).isNotEmpty();
        assertThat(CompatibilityLevel.BACKWARD.check(B_DEFAULT, List.of(A))).isEmpty();
        assertThat(CompatibilityLevel.FULL.check(B_DEFAULT, List.of(A))).isNotEmpty();
        assertThat(CompatibilityLevel.FULL.check(AB_DEFAULT, List.of(A))).isEmpty();
    }

    @Test
    void transitiveChecksEveryEarlierVersionNotOnlyTheLatest() {
        // B reads B_DEFAULT data (b is always written) but not A data (no b, and B has no default for it).
        final List<Schema> history = List.of(A, B_DEFAULT);
        assertThat(CompatibilityLevel.BACKWARD.check(B, history)).isEmpty();
        assertThat(CompatibilityLevel.BACKWARD_TRANSITIVE.check(B, history)).isNotEmpty();
    }

    @Test
    void noneAcceptsAnythingAndTheFirstVersionIsAlwaysCompatible() {
        assertThat(CompatibilityLevel.NONE.check(B, List.of(A))).isEmpty();
        assertThat(CompatibilityLevel.FULL_TRANSITIVE.check(B, List.of())).isEmpty();
    }

    @Test
    void parsesNamesCaseInsensitivelyAndRejectsOthers() {
        assertThat(CompatibilityLevel.parse("backward_transitive")).isEqualTo(CompatibilityLevel.BACKWARD_TRANSITIVE);
        assertThat(CompatibilityLevel.parse("SIDEWAYS")).isNull();
        assertThat(CompatibilityLevel.parse(null)).isNull();
    }

    private static Schema parse(final String text) {
        return new Schema.Parser().parse(text);
    }
}
