package io.gunstream.core.sea;

import io.gunstream.core.json.JsPropertyOrder;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.gunstream.core.json.JsJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON value as JavaScript's {@code JSON.parse} builds it, so it can be printed again exactly as SEA hashes it.
 *
 * <p>Why: SEA signs {@code JSON.stringify} of a parsed object, not the text it received. Re-printing must follow V8:
 * a repeated key keeps its first position and its last value, array-index keys ({@code "2"}, {@code "10"}) come
 * first in ascending order, numbers are re-formatted ({@code 1.0} → {@code 1}, {@code 1e400} → {@code null}).
 * gun.js on node replaces {@code JSON.stringifyAsync} with YSON, which sorts keys instead; {@link Order#SORTED}
 * reproduces that.
 */
sealed interface JsTree {

    /** Key order of objects when printing. */
    enum Order {
        /** {@code JSON.stringify}: array indices ascending, then insertion order (browsers, gun core). */
        V8,
        /** YSON ({@code gun/lib/yson.js}, loaded by gun on node): {@code Object.keys(o).sort()}. */
        SORTED
    }

    JsonFactory FACTORY = JsonFactory.builder().build();

    void print(StringBuilder out, Order order);

    /** True if printing in V8 and sorted order can differ (an object with two or more keys somewhere inside). */
    boolean orderSensitive();

    default String stringify(final Order order) {
        final StringBuilder out = new StringBuilder();
        print(out, order);
        return out.toString();
    }

    /**
     * {@code JSON.parse(text)}.
     *
     * @throws IOException if {@code JSON.parse} would throw (syntax, trailing content)
     */
    static JsTree parse(final String text) throws IOException {
        try (JsonParser parser = FACTORY.createParser(text)) {
            final JsonToken first = parser.nextToken();
            if (first == null) {
                throw new IOException("empty JSON text");
            }
            final JsTree tree = read(parser, first);
            if (parser.nextToken() != null) {
                throw new IOException("unexpected content after the JSON value at " + parser.currentLocation());
            }
            return tree;
        }
    }

    private static JsTree read(final JsonParser parser, final JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_STRING -> new Str(parser.getText());
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new Num(parser.getDoubleValue());
            case VALUE_TRUE -> Bool.TRUE;
            case VALUE_FALSE -> Bool.FALSE;
            case VALUE_NULL -> Null.INSTANCE;
            case START_ARRAY -> {
                final List<JsTree> items = new ArrayList<>();
                JsonToken t;
                while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
                    items.add(read(parser, t));
                }
                yield new Arr(Collections.unmodifiableList(items));
            }
            case START_OBJECT -> {
                final Map<String, JsTree> members = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    final String name = parser.currentName();
                    members.put(name, read(parser, parser.nextToken()));
                }
                yield new Obj(Collections.unmodifiableMap(members));
            }
            default -> throw new IOException("unexpected JSON token " + token);
        };
    }

    record Str(String value) implements JsTree {
        @Override
        public void print(final StringBuilder out, final Order order) {
            JsJson.appendQuoted(out, value);
        }

        @Override
        public boolean orderSensitive() {
            return false;
        }
    }

    record Num(double value) implements JsTree {
        @Override
        public void print(final StringBuilder out, final Order order) {
            // JSON.stringify prints non-finite numbers (JSON.parse('1e400') is Infinity) as null.
            out.append(Double.isFinite(value) ? JsJson.number(value) : "null");
        }

        @Override
        public boolean orderSensitive() {
            return false;
        }
    }

    record Bool(boolean value) implements JsTree {
        static final Bool TRUE = new Bool(true);
        static final Bool FALSE = new Bool(false);

        @Override
        public void print(final StringBuilder out, final Order order) {
            out.append(value);
        }

        @Override
        public boolean orderSensitive() {
            return false;
        }
    }

    record Null() implements JsTree {
        static final Null INSTANCE = new Null();

        @Override
        public void print(final StringBuilder out, final Order order) {
            out.append("null");
        }

        @Override
        public boolean orderSensitive() {
            return false;
        }
    }

    record Arr(List<JsTree> items) implements JsTree {
        @Override
        public void print(final StringBuilder out, final Order order) {
            out.append('[');
            for (int i = 0; i < items.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                items.get(i).print(out, order);
            }
            out.append(']');
        }

        @Override
        public boolean orderSensitive() {
            return items.stream().anyMatch(JsTree::orderSensitive);
        }
    }

    record Obj(Map<String, JsTree> members) implements JsTree {

        @Override
        public void print(final StringBuilder out, final Order order) {
            out.append('{');
            boolean first = true;
            for (final String key : keys(order)) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                JsJson.appendQuoted(out, key);
                out.append(':');
                members.get(key).print(out, order);
            }
            out.append('}');
        }

        @Override
        public boolean orderSensitive() {
            return members.size() > 1 || members.values().stream().anyMatch(JsTree::orderSensitive);
        }

        /** The member, if present. */
        JsTree get(final String key) {
            return members.get(key);
        }

        private List<String> keys(final Order order) {
            final List<String> keys = new ArrayList<>(members.keySet());
            if (order == Order.SORTED) {
                Collections.sort(keys); // String.compareTo compares UTF-16 code units, like Array.prototype.sort
                return keys;
            }
            return JsPropertyOrder.ownKeys(keys);
        }
    }
}
