package io.gunstream.core.wire;

import io.gunstream.core.graph.FieldState;
import io.gunstream.core.graph.GunNode;
import io.gunstream.core.graph.GunValue;
import io.gunstream.core.graph.Souls;
import io.gunstream.core.json.JsJson;
import io.gunstream.core.json.JsNumbers;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Serialises messages the way gun.js on Node does (YSON: keys sorted at every level, strings quoted and
 * numbers printed as by {@code JSON.stringify}). Jackson's generator is not used: it escapes differently
 * (lone surrogates are written raw, which is not valid UTF-8) and prints doubles in Java's format.
 */
final class JsonOut {

    private static final double MAX_SAFE_INTEGER = 9007199254740991d;

    private JsonOut() {
    }

    static void appendBatch(final StringBuilder out, final List<GunMessage> messages) {
        out.append('[');
        for (int i = 0; i < messages.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            appendMessage(out, messages.get(i));
        }
        out.append(']');
    }

    static void appendMessage(final StringBuilder out, final GunMessage m) {
        out.append('{');
        boolean first = true;
        if (m.extra().isEmpty()) {
            for (final String name : GunMessage.FIELD_NAMES) {
                first = appendField(out, m, name, first);
            }
        } else {
            final String[] names = new String[GunMessage.FIELD_NAMES.length + m.extra().size()];
            System.arraycopy(GunMessage.FIELD_NAMES, 0, names, 0, GunMessage.FIELD_NAMES.length);
            int i = GunMessage.FIELD_NAMES.length;
            for (final String name : m.extra().keySet()) {
                names[i++] = name;
            }
            Arrays.sort(names);
            for (final String name : names) {
                first = appendField(out, m, name, first);
            }
        }
        out.append('}');
    }

    private static boolean appendField(final StringBuilder out, final GunMessage m, final String name,
                                       final boolean first) {
        final Object value = switch (name) {
            case "#" -> m.id();
            case "##" -> m.hash();
            case "><" -> m.peers();
            case "@" -> m.replyTo();
            case "dam" -> m.dam();
            case "err" -> m.err();
            case "get" -> m.get();
            case "ok" -> m.ok();
            case "pid" -> m.pid();
            case "put" -> m.put();
            default -> m.extra().get(name);
        };
        if (value == null) {
            return first;
        }
        if (!first) {
            out.append(',');
        }
        quote(out, name);
        out.append(':');
        if (value instanceof String s) {
            quote(out, s);
        } else if (value instanceof Integer hash) {
            out.append(hash.intValue());
        } else if (value instanceof RawJson raw) {
            out.append(raw.json());
        } else if (value instanceof GetRequest get) {
            appendGet(out, get);
        } else {
            @SuppressWarnings("unchecked") final Map<String, GunNode> graph = (Map<String, GunNode>) value;
            appendGraph(out, graph, KeyOrder.SORTED.comparator());
        }
        return false;
    }

    private static void appendGet(final StringBuilder out, final GetRequest get) {
        out.append("{\"#\":");
        quote(out, get.soul());
        if (get.extra().isEmpty()) {
            if (get.key() != null) {
                out.append(",\".\":");
                quote(out, get.key());
            }
        } else {
            final String[] names = get.extra().keySet().toArray(new String[get.extra().size() + 1]);
            names[names.length - 1] = get.key() != null ? "." : "#"; // "#" is already written: a placeholder
            Arrays.sort(names);
            for (final String name : names) {
                if (name.equals("#")) {
                    continue;
                }
                out.append(',');
                quote(out, name);
                out.append(':');
                if (get.key() != null && name.equals(".")) {
                    quote(out, get.key());
                } else {
                    out.append(get.extra().get(name).json());
                }
            }
        }
        out.append('}');
    }

    static void appendGraph(final StringBuilder out, final Map<String, GunNode> graph,
                            final Comparator<String> order) {
        out.append('{');
        final String[] souls = graph.keySet().toArray(new String[0]);
        sort(souls, order);
        for (int i = 0; i < souls.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            quote(out, souls[i]);
            out.append(':');
            appendNode(out, graph.get(souls[i]), order);
        }
        out.append('}');
    }

    /** {@code {"_":{"#":soul,">":{key:state}},key:value}} with keys (including "_") in {@code order}. */
    static void appendNode(final StringBuilder out, final GunNode node, final Comparator<String> order) {
        final Map<String, FieldState> fields = node.fields();
        final String[] keys = fields.keySet().toArray(new String[0]);
        sort(keys, order);
        out.append('{');
        boolean metaDone = false;
        for (int i = 0; i < keys.length; i++) {
            if (!metaDone && order.compare(Souls.META_KEY, keys[i]) < 0) {
                if (i > 0) {
                    out.append(',');
                }
                appendMeta(out, node.soul(), keys, fields);
                out.append(',');
                metaDone = true;
            } else if (i > 0) {
                out.append(',');
            }
            quote(out, keys[i]);
            out.append(':');
            appendValue(out, fields.get(keys[i]).value());
        }
        if (!metaDone) {
            if (keys.length > 0) {
                out.append(',');
            }
            appendMeta(out, node.soul(), keys, fields);
        }
        out.append('}');
    }

    private static void appendMeta(final StringBuilder out, final String soul, final String[] keys,
                                   final Map<String, FieldState> fields) {
        out.append("\"_\":{\"#\":");
        quote(out, soul);
        out.append(",\">\":{");
        for (int i = 0; i < keys.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            quote(out, keys[i]);
            out.append(':');
            number(out, fields.get(keys[i]).state());
        }
        out.append("}}");
    }

    /** Sorts unless already sorted (nodes read from a gun.js-on-Node frame are; relays re-write those). */
    private static void sort(final String[] keys, final Comparator<String> order) {
        for (int i = 1; i < keys.length; i++) {
            if (order.compare(keys[i - 1], keys[i]) > 0) {
                Arrays.sort(keys, order);
                return;
            }
        }
    }

    /**
     * {@link JsJson#appendQuoted} with a bulk copy when nothing needs escaping (the common case: ids, souls,
     * keys, plain text), which is several times faster than the per-character path.
     */
    static void quote(final StringBuilder out, final String s) {
        final int n = s.length();
        for (int i = 0; i < n; i++) {
            final char c = s.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\' || Character.isSurrogate(c)) {
                JsJson.appendQuoted(out, s);
                return;
            }
        }
        out.append('"').append(s).append('"');
    }

    /** {@link JsNumbers#toJsString}, appending safe integers (most states) without an intermediate String. */
    static void number(final StringBuilder out, final double value) {
        if (value == Math.rint(value) && Math.abs(value) <= MAX_SAFE_INTEGER) {
            out.append((long) value); // also -0 → 0, as JavaScript prints it
        } else {
            out.append(JsNumbers.toJsString(value));
        }
    }

    static void appendValue(final StringBuilder out, final GunValue value) {
        if (value instanceof GunValue.Str s) {
            quote(out, s.value());
        } else if (value instanceof GunValue.Num n) {
            number(out, n.value());
        } else if (value instanceof GunValue.Link link) {
            out.append("{\"#\":");
            quote(out, link.soul());
            out.append('}');
        } else {
            out.append(value.toJson());
        }
    }
}
