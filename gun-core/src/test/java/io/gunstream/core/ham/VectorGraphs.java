package io.gunstream.core.ham;

import com.fasterxml.jackson.databind.JsonNode;
import io.gunstream.core.graph.FieldState;
import io.gunstream.core.graph.GraphRule;
import io.gunstream.core.graph.GunNode;
import io.gunstream.core.graph.GunValue;
import io.gunstream.core.graph.InvalidGraphException;
import io.gunstream.core.graph.Souls;
import io.gunstream.core.json.JsJson;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Test-side reader and writer of gun.js graph JSON ({@code {soul: {"_":{"#":soul,">":{key:state}}, key:value}}}),
 * strict in the way gunstream is: every rule gun.js checks in {@code put()} plus the ones where gunstream is
 * stricter (finite number states, no empty key). The production parser belongs to the wire codec; this one
 * exists so HAM tests need nothing but the graph model.
 */
final class VectorGraphs {

    private VectorGraphs() {
    }

    /**
     * Reads a graph. With {@code nonFiniteMarkers}, the strings {@code "NaN"}, {@code "Infinity"} and
     * {@code "-Infinity"} stand for those numbers, as in the vectors' JSON (which cannot carry them).
     */
    static Map<String, GunNode> graph(final JsonNode graph, final boolean nonFiniteMarkers) {
        final Map<String, GunNode> out = new LinkedHashMap<>();
        final Iterator<Map.Entry<String, JsonNode>> souls = graph.fields();
        while (souls.hasNext()) {
            final Map.Entry<String, JsonNode> e = souls.next();
            out.put(e.getKey(), node(e.getKey(), e.getValue(), nonFiniteMarkers));
        }
        return out;
    }

    static GunNode node(final String soul, final JsonNode node, final boolean nonFiniteMarkers) {
        Souls.requireValidSoul(soul);
        if (node == null || !node.isObject()) {
            throw new InvalidGraphException(GraphRule.NO_NODE, soul, null, null);
        }
        final JsonNode meta = node.get(Souls.META_KEY);
        if (meta == null || !meta.isObject()) {
            throw new InvalidGraphException(GraphRule.NO_META, soul, null, null);
        }
        final JsonNode metaSoul = meta.get("#");
        if (metaSoul == null || !metaSoul.isTextual() || !soul.equals(metaSoul.asText())) {
            throw new InvalidGraphException(GraphRule.SOUL_MISMATCH, soul, null, "meta '#' is " + metaSoul);
        }
        final JsonNode states = meta.get(">");
        if (states == null || !states.isObject()) {
            throw new InvalidGraphException(GraphRule.NO_STATE_MAP, soul, null, null);
        }
        final Map<String, FieldState> fields = new LinkedHashMap<>();
        final Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            final Map.Entry<String, JsonNode> e = it.next();
            final String key = e.getKey();
            if (Souls.META_KEY.equals(key)) {
                continue;
            }
            Souls.requireValidKey(soul, key);
            try {
                fields.put(key, field(states.get(key), e.getValue(), nonFiniteMarkers));
            } catch (InvalidGraphException ex) {
                throw ex.at(soul, key);
            }
        }
        return new GunNode(soul, fields);
    }

    /** One field from its state and value JSON; a null {@code value} means the value is absent (undefined). */
    static FieldState field(final JsonNode state, final JsonNode value, final boolean nonFiniteMarkers) {
        if (state == null) {
            throw new InvalidGraphException(GraphRule.MISSING_STATE, null, null, null);
        }
        final double s;
        if (state.isNumber()) {
            s = state.asDouble();
        } else if (nonFiniteMarkers && state.isTextual() && nonFinite(state.asText()) != null) {
            s = nonFinite(state.asText());
        } else {
            throw new InvalidGraphException(GraphRule.STATE_NOT_A_NUMBER, null, null, "state " + state);
        }
        if (value == null) {
            throw new InvalidGraphException(GraphRule.INVALID_VALUE, null, null, "value is missing (undefined)");
        }
        return new FieldState(s, value(value, nonFiniteMarkers));
    }

    static GunValue value(final JsonNode value, final boolean nonFiniteMarkers) {
        if (value.isNull()) {
            return GunValue.NULL;
        }
        if (value.isBoolean()) {
            return GunValue.of(value.asBoolean());
        }
        if (value.isNumber()) {
            return GunValue.of(value.asDouble());
        }
        if (value.isTextual()) {
            final Double special = nonFiniteMarkers ? nonFinite(value.asText()) : null;
            return special != null ? GunValue.of(special) : GunValue.of(value.asText());
        }
        if (value.isObject() && value.size() == 1 && value.has("#") && value.get("#").isTextual()) {
            return GunValue.link(value.get("#").asText());
        }
        throw new InvalidGraphException(GraphRule.INVALID_VALUE, null, null, "not a Gun value: " + value);
    }

    private static Double nonFinite(final String text) {
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> null;
        };
    }

    /** The graph as gun.js's {@code JSON.stringify(root.graph)} would print it (meta first, then fields). */
    static String toJson(final Map<String, GunNode> graph) {
        final StringBuilder out = new StringBuilder(256).append('{');
        boolean first = true;
        for (final GunNode node : graph.values()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            JsJson.appendQuoted(out, node.soul());
            out.append(':');
            appendNode(out, node);
        }
        return out.append('}').toString();
    }

    static void appendNode(final StringBuilder out, final GunNode node) {
        out.append("{\"_\":{\"#\":");
        JsJson.appendQuoted(out, node.soul());
        out.append(",\">\":{");
        boolean first = true;
        for (final Map.Entry<String, FieldState> f : node.fields().entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            JsJson.appendQuoted(out, f.getKey());
            out.append(':').append(JsJson.number(f.getValue().state()));
        }
        out.append("}}");
        for (final Map.Entry<String, FieldState> f : node.fields().entrySet()) {
            out.append(',');
            JsJson.appendQuoted(out, f.getKey());
            out.append(':').append(f.getValue().value().toJson());
        }
        out.append('}');
    }
}
