package io.gunstream.connect.gun.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * The source offset of one (relay, soul root): which fields were already emitted, so a restarted task, to which the
 * relay re-sends the current nodes, emits only the others. gun has no log positions and delivers fields out of state
 * order (a nested put that waits for a read reaches the relay after a later flat put), so the offset is not a
 * high-water mark: it is a {@link #floor} below which every field counts as emitted, plus the exact state of every
 * field emitted above it. {@link OffsetTracker} moves the floor only past states that can no longer arrive.
 *
 * @param floor  fields with a state at or below it count as emitted; {@code -Infinity} when nothing does
 * @param fields soul/key pair ({@code soul + '\u0000' + key}) to the highest emitted state, for emitted fields above
 *               the floor; unmodifiable
 */
public record RootOffset(double floor, Map<String, Double> fields) {

    static final String FLOOR_KEY = "floor";
    static final String FIELDS_KEY = "fields";
    /** Keys of the first offset format (a high-water mark): read on resume, never written. */
    static final String LEGACY_STATE_KEY = "state";
    static final String LEGACY_AT_STATE_KEY = "at_state";
    public static final RootOffset NONE = new RootOffset(Double.NEGATIVE_INFINITY, Map.of());

    private static final ObjectMapper JSON = new ObjectMapper();

    public RootOffset {
        if (Double.isNaN(floor)) {
            throw new IllegalArgumentException("offset floor must be a number");
        }
        for (Map.Entry<String, Double> e : fields.entrySet()) {
            if (e.getKey().indexOf('\u0000') < 0 || e.getValue() == null || !(e.getValue() > floor)) {
                throw new IllegalArgumentException("offset field " + e.getKey().replace('\u0000', '.') + " at state "
                        + e.getValue() + " is not a soul/key pair above the floor " + floor);
            }
        }
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** True when the field {@code soul.key} at {@code fieldState} was not emitted yet. */
    public boolean isNew(final String soul, final String key, final double fieldState) {
        if (!(fieldState > floor)) {
            return false;
        }
        final Double emitted = fields.get(pair(soul, key));
        return emitted == null || fieldState > emitted;
    }

    /**
     * The Connect offset map: {@code {"floor": double (absent for -Infinity), "fields": JSON array of [soul, key,
     * state]}} (Connect offsets hold primitives only).
     */
    public Map<String, Object> toMap() {
        final List<List<Object>> triples = new ArrayList<>(fields.size());
        fields.forEach((pair, state) -> {
            final int split = pair.indexOf('\u0000');
            triples.add(List.of(pair.substring(0, split), pair.substring(split + 1), state));
        });
        final Map<String, Object> map = new HashMap<>();
        // JSON has no infinities (Jackson would quote them): no floor key means -Infinity.
        if (Double.isFinite(floor)) {
            map.put(FLOOR_KEY, floor);
        }
        try {
            map.put(FIELDS_KEY, JSON.writeValueAsString(triples));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write offset fields", e);
        }
        return map;
    }

    /**
     * Reads an offset map written by {@link #toMap()}; null gives {@link #NONE}. A map of the first format
     * ({@code state} + {@code at_state} pairs) reads as the same set of emitted fields: floor just below {@code state},
     * the pairs at exactly {@code state}.
     */
    public static RootOffset fromMap(final Map<String, ?> map) {
        if (map == null) {
            return NONE;
        }
        try {
            if (map.get(FIELDS_KEY) != null) {
                final Map<String, Double> fields = new LinkedHashMap<>();
                final Object text = map.get(FIELDS_KEY);
                if (text != null) {
                    for (List<Object> triple : JSON.readValue(text.toString(), new TypeReference<List<List<Object>>>() { })) {
                        fields.put(pair((String) triple.get(0), (String) triple.get(1)), ((Number) triple.get(2)).doubleValue());
                    }
                }
                return new RootOffset(map.get(FLOOR_KEY) == null ? Double.NEGATIVE_INFINITY : number(map, FLOOR_KEY), fields);
            }
            if (map.get(LEGACY_STATE_KEY) != null) {
                final double state = number(map, LEGACY_STATE_KEY);
                final Map<String, Double> fields = new LinkedHashMap<>();
                final Object text = map.get(LEGACY_AT_STATE_KEY);
                if (text != null) {
                    for (List<String> pair : JSON.readValue(text.toString(), new TypeReference<List<List<String>>>() { })) {
                        fields.put(pair(pair.get(0), pair.get(1)), state);
                    }
                }
                return new RootOffset(Math.nextDown(state), fields);
            }
            return NONE;
        } catch (JsonProcessingException | RuntimeException e) {
            throw new ConnectException("stored Gun source offset is unreadable: " + map, e);
        }
    }

    private static double number(final Map<String, ?> map, final String key) {
        final Object value = map.get(key);
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        if (value instanceof String text) {
            // Infinities of the first format came back from Connect's JSON converter quoted.
            return Double.parseDouble(text);
        }
        throw new IllegalArgumentException("'" + key + "' is not a number");
    }

    static String pair(final String soul, final String key) {
        return soul + '\u0000' + key;
    }
}
