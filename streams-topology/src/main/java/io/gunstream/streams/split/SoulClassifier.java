package io.gunstream.streams.split;

import java.util.ArrayList;
import java.util.List;

/**
 * Maps a soul to its {@link SoulClass} by an ordered rule list, first match wins. Rules are configuration
 * ({@code pattern -> class}, comma separated), e.g. {@code devices/*}{@code /entropy/** -> entropy, logs/** -> log,
 * ** -> realtime}. A soul no rule matches is realtime, so a missing catch-all never drops data.
 */
public final class SoulClassifier {

    /** design.md's split: entropy samples under devices, historical logs, everything else realtime state. */
    public static final String DEFAULT_RULES = "devices/*/entropy/** -> entropy, logs/** -> log, ** -> realtime";

    private static final Rule CATCH_ALL = new Rule(SoulPattern.parse("**"), SoulClass.REALTIME);

    private final List<Rule> rules;

    /** One rule of the list. */
    public record Rule(SoulPattern pattern, SoulClass soulClass) {
    }

    public SoulClassifier(final List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /**
     * Parses {@code pattern -> class} rules separated by commas or newlines.
     *
     * @throws IllegalArgumentException naming the bad rule
     */
    public static SoulClassifier parse(final String spec) {
        final List<Rule> parsed = new ArrayList<>();
        for (final String raw : spec.split("[,\\n]")) {
            final String rule = raw.trim();
            if (rule.isEmpty()) {
                continue;
            }
            final int arrow = rule.indexOf("->");
            if (arrow < 0) {
                throw new IllegalArgumentException("soul rule '" + rule + "' must look like 'pattern -> realtime|entropy|log'");
            }
            parsed.add(new Rule(SoulPattern.parse(rule.substring(0, arrow)), SoulClass.parse(rule.substring(arrow + 2))));
        }
        return new SoulClassifier(parsed);
    }

    public List<Rule> rules() {
        return rules;
    }

    public SoulClass classify(final String soul) {
        return matchingRule(soul).soulClass();
    }

    /**
     * The source a sample or log line belongs to: the soul's part before the matching rule's {@code **}
     * (for {@code devices/d1/entropy/s42} under the default rules: {@code devices/d1/entropy}).
     */
    public String sourceOf(final String soul) {
        return matchingRule(soul).pattern().prefixOf(soul).orElse(soul);
    }

    private Rule matchingRule(final String soul) {
        final int[] bounds = SoulPattern.segmentBounds(soul);
        for (final Rule rule : rules) {
            if (rule.pattern().matches(soul, bounds)) {
                return rule;
            }
        }
        return CATCH_ALL;
    }
}
