package io.gunstream.streams.split;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A glob over {@code /}-separated soul paths: {@code *} matches exactly one segment, {@code **} matches zero or
 * more segments, anything else matches literally. {@code devices/*}{@code /entropy/**} matches
 * {@code devices/d1/entropy} and {@code devices/d1/entropy/s42/x}, not {@code devices/d1/status}.
 *
 * <p>Why not {@code java.nio.file.PathMatcher}: its globs treat {@code {}}, {@code []} and {@code \} specially,
 * which are legal in souls, and it is file-system specific.
 *
 * @param text     the pattern as written in configuration
 * @param segments the pattern split on {@code /}
 */
public record SoulPattern(String text, List<String> segments) {

    private static final String ANY_ONE = "*";
    private static final String ANY_MANY = "**";

    public SoulPattern {
        segments = List.copyOf(segments);
    }

    public static SoulPattern parse(final String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("soul pattern must not be empty");
        }
        return new SoulPattern(text.trim(), List.of(text.trim().split("/", -1)));
    }

    public boolean matches(final String soul) {
        return matches(split(soul));
    }

    /** As {@link #matches(String)} for a soul already split with {@link #split(String)} (one split for many patterns). */
    boolean matches(final List<String> soulSegments) {
        return match(0, soulSegments, 0);
    }

    /**
     * The part of {@code soul} matched by the pattern's segments before its first {@code **} (e.g. the device
     * for {@code devices/*}{@code /entropy/**}: {@code devices/d1/entropy}); the whole soul if there is none or it
     * comes first.
     */
    public Optional<String> prefixOf(final String soul) {
        if (!matches(soul)) {
            return Optional.empty();
        }
        final int cut = segments.indexOf(ANY_MANY);
        final List<String> parts = split(soul);
        if (cut <= 0 || cut >= parts.size()) {
            return Optional.of(soul);
        }
        return Optional.of(String.join("/", parts.subList(0, cut)));
    }

    private boolean match(final int p, final List<String> soul, final int s) {
        if (p == segments.size()) {
            return s == soul.size();
        }
        final String segment = segments.get(p);
        if (ANY_MANY.equals(segment)) {
            for (int skip = s; skip <= soul.size(); skip++) {
                if (match(p + 1, soul, skip)) {
                    return true;
                }
            }
            return false;
        }
        if (s == soul.size()) {
            return false;
        }
        return (ANY_ONE.equals(segment) || segment.equals(soul.get(s))) && match(p + 1, soul, s + 1);
    }

    /** The soul's {@code /}-separated segments, without regular expressions (this runs for every delta). */
    static List<String> split(final String soul) {
        final List<String> parts = new ArrayList<>(8);
        int from = 0;
        for (int slash = soul.indexOf('/'); slash >= 0; slash = soul.indexOf('/', from)) {
            parts.add(soul.substring(from, slash));
            from = slash + 1;
        }
        parts.add(soul.substring(from));
        return parts;
    }
}
