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
        return matches(soul, segmentBounds(soul));
    }

    /** As {@link #matches(String)} with the soul's {@link #segmentBounds} (one scan of the soul for many patterns). */
    boolean matches(final String soul, final int[] bounds) {
        return match(0, soul, bounds, 0);
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

    private boolean match(final int p, final String soul, final int[] bounds, final int s) {
        final int soulSegments = bounds.length / 2;
        if (p == segments.size()) {
            return s == soulSegments;
        }
        final String segment = segments.get(p);
        if (ANY_MANY.equals(segment)) {
            for (int skip = s; skip <= soulSegments; skip++) {
                if (match(p + 1, soul, bounds, skip)) {
                    return true;
                }
            }
            return false;
        }
        if (s == soulSegments) {
            return false;
        }
        final int start = bounds[2 * s];
        final int length = bounds[2 * s + 1] - start;
        return (ANY_ONE.equals(segment) || length == segment.length() && soul.regionMatches(start, segment, 0, length))
                && match(p + 1, soul, bounds, s + 1);
    }

    /**
     * Where the soul's {@code /}-separated segments start and end, {@code [start0, end0, start1, end1, ...]}:
     * matching compares regions of the soul instead of cutting it into substrings (this runs for every delta).
     */
    static int[] segmentBounds(final String soul) {
        int count = 1;
        for (int slash = soul.indexOf('/'); slash >= 0; slash = soul.indexOf('/', slash + 1)) {
            count++;
        }
        final int[] bounds = new int[2 * count];
        int from = 0;
        int k = 0;
        for (int slash = soul.indexOf('/'); slash >= 0; slash = soul.indexOf('/', from)) {
            bounds[k++] = from;
            bounds[k++] = slash;
            from = slash + 1;
        }
        bounds[k++] = from;
        bounds[k] = soul.length();
        return bounds;
    }

    /** The soul's {@code /}-separated segments, without regular expressions. */
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
