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

    /** The node-meta key. */
    public static final String META_KEY = "_";

    private Souls() {
    }

    /** Checks a soul, throwing {@link InvalidGraphException} naming the broken rule. */
    public static String requireValidSoul(final String soul) {
        if (soul == null || soul.isEmpty()) {
            throw new InvalidGraphException(GraphRule.EMPTY_SOUL, soul, null, null);
        }
        if (JS_PROTOTYPE_MEMBERS.contains(soul)) {
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
}
