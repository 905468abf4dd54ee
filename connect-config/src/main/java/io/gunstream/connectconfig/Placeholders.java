package io.gunstream.connectconfig;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills {@code ${NAME}} and {@code ${NAME:-default}} placeholders. Only upper-case names (A-Z, 0-9, _) are
 * placeholders, so the connectors' own lower-case templates ({@code ${topic}}, {@code ${table}}) pass through.
 */
public final class Placeholders {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::-([^}]*))?}");

    private Placeholders() {
    }

    /**
     * Replaces every placeholder in {@code text} with its value, else its default.
     *
     * @param source names the file in the error message
     * @throws ConnectConfigException naming every placeholder that has neither a value nor a default
     */
    public static String fill(final String text, final Map<String, String> values, final String source) {
        final Set<String> missing = new TreeSet<>();
        final String filled = fill(text, values, missing);
        if (!missing.isEmpty()) {
            throw missingError(missing, source);
        }
        return filled;
    }

    static String fill(final String text, final Map<String, String> values, final Set<String> missing) {
        final Matcher matcher = PLACEHOLDER.matcher(text);
        final StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            final String name = matcher.group(1);
            String value = values.get(name);
            if (value == null) {
                value = matcher.group(2);
            }
            if (value == null) {
                missing.add(name);
                value = matcher.group();
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** The names of all placeholders in {@code text}, in order of their first appearance. */
    public static Set<String> names(final String text) {
        final Set<String> names = new java.util.LinkedHashSet<>();
        final Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /**
     * Every placeholder in {@code text} with its default, in order of first appearance; empty for a placeholder
     * without a default (it must be given). Where one name appears with different defaults, the first wins.
     */
    public static Map<String, java.util.Optional<String>> declared(final String text) {
        final Map<String, java.util.Optional<String>> declared = new java.util.LinkedHashMap<>();
        final Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            declared.putIfAbsent(matcher.group(1), java.util.Optional.ofNullable(matcher.group(2)));
        }
        return java.util.Collections.unmodifiableMap(declared);
    }

    static ConnectConfigException missingError(final Set<String> missing, final String source) {
        return new ConnectConfigException("no value for placeholder" + (missing.size() > 1 ? "s " : " ")
                + String.join(", ", missing.stream().map(n -> "${" + n + "}").toList()) + " in " + source
                + ": set " + (missing.size() > 1 ? "them" : "it") + " in the environment or as a property "
                + "(e.g. " + missing.iterator().next() + "=...)");
    }
}
