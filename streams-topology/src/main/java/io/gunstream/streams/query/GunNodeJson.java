package io.gunstream.streams.query;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.gunstream.core.graph.FieldState;
import io.gunstream.core.graph.GunNode;
import io.gunstream.core.graph.GunValue;
import io.gunstream.core.graph.InvalidGraphException;
import io.gunstream.core.json.JsJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link GunNode} in gun.js wire form, {@code {"_":{"#":soul,">":{key:state}},key:value}}, both ways. Writing
 * goes through gun-core's {@link JsJson}, so strings and numbers are byte-for-byte what gun.js's
 * {@code JSON.stringify} prints ({@code 1e+21}, {@code -0} as {@code 0}, lone surrogates escaped).
 */
public final class GunNodeJson {

    private static final String META = "_";
    private static final String SOUL = "#";
    private static final String STATES = ">";

    // Nodes are flat (depth 3); the limits only guard the client against a hostile or broken server.
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build())
            .build();

    private GunNodeJson() {
    }

    /** The node as gun.js prints it; fields in the node's order. */
    public static String write(final GunNode node) {
        final StringBuilder out = new StringBuilder(64 + node.fields().size() * 32);
        append(out, node);
        return out.toString();
    }

    /** A JSON array of nodes. */
    public static String writeArray(final Collection<GunNode> nodes) {
        final StringBuilder out = new StringBuilder(2 + nodes.size() * 96);
        out.append('[');
        boolean first = true;
        for (final GunNode node : nodes) {
            if (!first) {
                out.append(',');
            }
            first = false;
            append(out, node);
        }
        return out.append(']').toString();
    }

    /** Appends {@link #write(GunNode)} to {@code out}. */
    public static void append(final StringBuilder out, final GunNode node) {
        out.append("{\"_\":{\"#\":");
        JsJson.appendQuoted(out, node.soul());
        out.append(",\">\":{");
        boolean first = true;
        for (final Map.Entry<String, FieldState> field : node.fields().entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            JsJson.appendQuoted(out, field.getKey());
            out.append(':').append(JsJson.number(field.getValue().state()));
        }
        out.append('}').append('}');
        for (final Map.Entry<String, FieldState> field : node.fields().entrySet()) {
            out.append(',');
            JsJson.appendQuoted(out, field.getKey());
            out.append(':').append(field.getValue().value().toJson());
        }
        out.append('}');
    }

    /**
     * Parses one node in gun.js form. Every key must have both a state and a value; a link is {@code {"#":soul}}.
     *
     * @throws GunJsonException naming the soul and key when the text is not a valid node
     */
    public static GunNode parse(final String json) {
        try (JsonParser parser = JSON.createParser(json)) {
            expect(parser, parser.nextToken(), JsonToken.START_OBJECT, null, null);
            final GunNode node = readNode(parser);
            if (parser.nextToken() != null) {
                throw new GunJsonException("trailing content after node " + node.soul());
            }
            return node;
        } catch (IOException e) {
            throw new GunJsonException("not JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.toString()), e);
        }
    }

    /**
     * Parses a JSON array of nodes in gun.js form.
     *
     * @throws GunJsonException when the text is not such an array
     */
    public static List<GunNode> parseArray(final String json) {
        try (JsonParser parser = JSON.createParser(json)) {
            expect(parser, parser.nextToken(), JsonToken.START_ARRAY, null, null);
            final List<GunNode> nodes = new ArrayList<>();
            JsonToken token;
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                expect(parser, token, JsonToken.START_OBJECT, null, null);
                nodes.add(readNode(parser));
            }
            if (parser.nextToken() != null) {
                throw new GunJsonException("trailing content after the array of nodes");
            }
            return nodes;
        } catch (IOException e) {
            throw new GunJsonException("not JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.toString()), e);
        }
    }

    /** Reads the fields of a node whose START_OBJECT has been consumed. */
    private static GunNode readNode(final JsonParser parser) throws IOException {
        String soul = null;
        Map<String, Double> states = null;
        final Map<String, GunValue> values = new LinkedHashMap<>();
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            final String key = parser.currentName();
            final JsonToken valueToken = parser.nextToken();
            if (META.equals(key)) {
                expect(parser, valueToken, JsonToken.START_OBJECT, soul, key);
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    final String metaKey = parser.currentName();
                    final JsonToken metaToken = parser.nextToken();
                    if (SOUL.equals(metaKey)) {
                        expect(parser, metaToken, JsonToken.VALUE_STRING, soul, key);
                        soul = parser.getText();
                    } else if (STATES.equals(metaKey)) {
                        expect(parser, metaToken, JsonToken.START_OBJECT, soul, key);
                        states = readStates(parser, soul);
                    } else {
                        parser.skipChildren(); // gun.js puts nothing else here today; tolerate additions
                    }
                }
            } else {
                if (values.containsKey(key)) {
                    throw new GunJsonException("duplicate key " + JsJson.quote(key) + " in node " + soul);
                }
                values.put(key, readValue(parser, valueToken, soul, key));
            }
        }
        expect(parser, token, JsonToken.END_OBJECT, soul, null);
        if (soul == null) {
            throw new GunJsonException("node has no soul (_.#)");
        }
        final Map<String, Double> knownStates = states == null ? Map.of() : states;
        final GunNode.Builder node = GunNode.builder(soul);
        for (final Map.Entry<String, GunValue> value : values.entrySet()) {
            final Double state = knownStates.get(value.getKey());
            if (state == null) {
                throw new GunJsonException("key " + JsJson.quote(value.getKey()) + " of node " + soul + " has no state in _.>");
            }
            node.put(value.getKey(), state, value.getValue());
        }
        for (final String key : knownStates.keySet()) {
            if (!values.containsKey(key)) {
                throw new GunJsonException("key " + JsJson.quote(key) + " of node " + soul + " has a state but no value");
            }
        }
        try {
            return node.build();
        } catch (InvalidGraphException e) {
            throw new GunJsonException("node " + soul + " breaks a Gun rule: " + e.getMessage(), e);
        }
    }

    private static Map<String, Double> readStates(final JsonParser parser, final String soul) throws IOException {
        final Map<String, Double> states = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            final String key = parser.currentName();
            final JsonToken token = parser.nextToken();
            if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
                throw new GunJsonException("state of key " + JsJson.quote(key) + " in node " + soul + " is not a number: " + token);
            }
            states.put(key, parser.getDoubleValue());
        }
        return states;
    }

    private static GunValue readValue(final JsonParser parser, final JsonToken token, final String soul, final String key)
            throws IOException {
        try {
            return switch (token) {
                case VALUE_NULL -> GunValue.NULL;
                case VALUE_TRUE -> GunValue.of(true);
                case VALUE_FALSE -> GunValue.of(false);
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> GunValue.of(parser.getDoubleValue());
                case VALUE_STRING -> GunValue.of(parser.getText());
                case START_OBJECT -> readLink(parser, soul, key);
                default -> throw new GunJsonException("value of key " + JsJson.quote(key) + " in node " + soul
                        + " is not a Gun value: " + token);
            };
        } catch (InvalidGraphException e) {
            throw new GunJsonException("value of key " + JsJson.quote(key) + " in node " + soul + ": " + e.getMessage(), e);
        }
    }

    private static GunValue readLink(final JsonParser parser, final String soul, final String key) throws IOException {
        String target = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            final String name = parser.currentName();
            final JsonToken token = parser.nextToken();
            if (!SOUL.equals(name) || token != JsonToken.VALUE_STRING || target != null) {
                throw new GunJsonException("value of key " + JsJson.quote(key) + " in node " + soul
                        + " is an object but not a link {\"#\":soul}");
            }
            target = parser.getText();
        }
        if (target == null) {
            throw new GunJsonException("value of key " + JsJson.quote(key) + " in node " + soul + " is an empty object, not a link");
        }
        return GunValue.link(target);
    }

    private static void expect(final JsonParser parser, final JsonToken actual, final JsonToken expected,
                               final String soul, final String key) {
        if (actual != expected) {
            throw new GunJsonException("expected " + expected + " but found " + actual
                    + (soul == null ? "" : " in node " + soul) + (key == null ? "" : " at key " + JsJson.quote(key))
                    + " (" + parser.currentLocation().offsetDescription() + ")");
        }
    }
}
