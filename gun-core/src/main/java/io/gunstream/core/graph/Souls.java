package io.gunstream.core.graph;

import java.util.Set;

/** Validity rules for souls and keys, shared by every entry point that accepts graph input. */
public final class Souls {

    /**
     * Names that gun.js resolves on a string or plain object instead of its graph ({@code (root.next||'')[soul]}
     * in {@code src/root.js}): a soul with one of these names crashes or misroutes gun.js, so gunstream refuses it.
     */
    static final Set<String> JS_PROTOTYPE_MEMBERS = Set.of(
            // String.prototype
            "length", "constructor", "anchor", "at", "big", "blink", "bold", "charAt", "charCodeAt", "codePointAt",
            "concat", "endsWith", "fontcolor", "fontsize", "fixed", "includes", "indexOf", "isWellFormed", "italics",
            "lastIndexOf", "link", "localeCompare", "match", "matchAll", "normalize", "padEnd", "padStart", "repeat",
            "replace", "replaceAll", "search", "slice", "small", "split", "strike", "sub", "substr", "substring",
            "sup", "startsWith", "toString", "toWellFormed", "trim", "trimStart", "trimLeft", "trimEnd", "trimRight",
            "toLocaleLowerCase", "toLocaleUpperCase", "toLowerCase", "toUpperCase", "valueOf",
            // Object.prototype
            "__proto__", "hasOwnProperty", "isPrototypeOf", "propertyIsEnumerable", "toLocaleString",
            "__defineGetter__", "__defineSetter__", "__lookupGetter__", "__lookupSetter__");

    /** Length of the longest name in {@link #JS_PROTOTYPE_MEMBERS}. */
    private static final int LONGEST_MEMBER = JS_PROTOTYPE_MEMBERS.stream().mapToInt(String::length).max().orElse(0);
    /** Bit c (mod 64, as Java shifts a long) of LOW for c < 64, HIGH for c < 128: some name in {@link #JS_PROTOTYPE_MEMBERS} has char c. */
    private static final long MEMBER_CHARS_LOW = memberChars(0);
    private static final long MEMBER_CHARS_HIGH = memberChars(64);

    /** The node-meta key. */
    public static final String META_KEY = "_";

    private Souls() {
    }

    /** Checks a soul, throwing {@link InvalidGraphException} naming the broken rule. */
    public static String requireValidSoul(final String soul) {
        if (soul == null || soul.isEmpty()) {
            throw new InvalidGraphException(GraphRule.EMPTY_SOUL, soul, null, null);
        }
        if (mayBeMember(soul) && JS_PROTOTYPE_MEMBERS.contains(soul)) {
            throw new InvalidGraphException(GraphRule.SOUL_SHADOWS_JS_BUILTIN, soul, null, null);
        }
        return soul;
    }

    /** Checks a data key of node {@code soul}. */
    public static String requireValidKey(final String soul, final String key) {
        if (key == null || key.isEmpty()) {
            throw new InvalidGraphException(GraphRule.EMPTY_KEY, soul, key, null);
        }
        if (META_KEY.equals(key)) {
            throw new InvalidGraphException(GraphRule.RESERVED_KEY, soul, key, null);
        }
        return key;
    }

    /**
     * False when {@code soul} cannot be in {@link #JS_PROTOTYPE_MEMBERS}: longer than its longest name, or holding a
     * char none of its names has (a '/', a digit...). Ordinary souls stop here after a few chars, before the set
     * lookup hashes the whole string.
     */
    private static boolean mayBeMember(final String soul) {
        final int length = soul.length();
        if (length > LONGEST_MEMBER) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            final char c = soul.charAt(i);
            final long bits = c < 64 ? MEMBER_CHARS_LOW : c < 128 ? MEMBER_CHARS_HIGH : 0L;
            if ((bits & (1L << c)) == 0) {
                return false;
            }
        }
        return true;
    }

    private static long memberChars(final int from) {
        long bits = 0;
        for (final String name : JS_PROTOTYPE_MEMBERS) {
            for (int i = 0; i < name.length(); i++) {
                final char c = name.charAt(i);
                if (c >= 128) {
                    throw new IllegalStateException("JS_PROTOTYPE_MEMBERS must be ASCII: " + name);
                }
                if (c >= from && c < from + 64) {
                    bits |= 1L << c;
                }
            }
        }
        return bits;
    }
}
