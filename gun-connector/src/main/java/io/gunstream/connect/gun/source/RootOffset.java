package io.gunstream.connect.gun.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * The source offset of one (relay, soul root): gun has no log positions, so on resume a relay re-sends the current
 * nodes and the source emits only fields written after what it already emitted. The offset is the highest HAM state
 * emitted for the root and the soul/key pairs emitted at exactly that state (gun gives every key of one put the same
 * state, so the pairs at the top state tell a half-emitted put from a finished one).
 *
 * <p>A field is new when its state is above {@link #state}, or equal to it and its soul/key is not in
 * {@link #atState}. Trade-offs: a field that reaches the relay late with a state below the offset (a peer that was
 * offline and syncs old writes) is not emitted after a restart; and states ahead of the wall clock (gun defers them)
 * never move the offset, so one far-future state cannot hide every later write.
 *
 * @param state   highest emitted state, or {@code -Infinity} when nothing was emitted
 * @param atState soul/key pairs ({@code soul + '\u0000' + key}) emitted at {@code state}; unmodifiable
 */
public record RootOffset(double state, Set<String> atState) {

    /** Cap on {@link #atState}: beyond it further pairs are not recorded, which re-emits them after a restart (harmless: HAM is idempotent). */
    static final int MAX_AT_STATE = 10_000;
    static final String STATE_KEY = "state";
    static final String AT_STATE_KEY = "at_state";
    public static final RootOffset NONE = new RootOffset(Double.NEGATIVE_INFINITY, Set.of());

    private static final ObjectMapper JSON = new ObjectMapper();

    public RootOffset {
        if (Double.isNaN(state)) {
            throw new IllegalArgumentException("offset state must be a number");
        }
        atState = Collections.unmodifiableSet(new LinkedHashSet<>(atState));
    }

    /** True when the field {@code soul.key} at {@code fieldState} was not emitted yet. */
    public boolean isNew(final String soul, final String key, final double fieldState) {
        return fieldState > state || (fieldState == state && !atState.contains(pair(soul, key)));
    }

    /** The offset after emitting {@code keys} of {@code soul} at {@code fieldStates}; states above {@code now} are ignored. */
    public RootOffset after(final String soul, final Map<String, Double> fieldStates, final double now) {
        double top = state;
        for (double s : fieldStates.values()) {
            if (s <= now && s > top) {
                top = s;
            }
        }
        final Set<String> pairs = new LinkedHashSet<>(top == state ? atState : Set.of());
        for (Map.Entry<String, Double> e : fieldStates.entrySet()) {
            if (e.getValue() == top && pairs.size() < MAX_AT_STATE) {
                pairs.add(pair(soul, e.getKey()));
            }
        }
        if (top == state && pairs.equals(atState)) {
            return this;
        }
        return new RootOffset(top, pairs);
    }

    /** The Connect offset map: {@code {"state": double, "at_state": JSON array of [soul, key]}} (Connect offsets hold primitives only). */
    public Map<String, Object> toMap() {
        final List<List<String>> pairs = atState.stream().map(p -> {
            final int split = p.indexOf('\u0000');
            return List.of(p.substring(0, split), p.substring(split + 1));
        }).toList();
        final Map<String, Object> map = new HashMap<>();
        map.put(STATE_KEY, state);
        try {
            map.put(AT_STATE_KEY, JSON.writeValueAsString(pairs));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write offset pairs", e);
        }
        return map;
    }

    /** Reads an offset map written by {@link #toMap()}; null gives {@link #NONE}. */
    public static RootOffset fromMap(final Map<String, ?> map) {
        if (map == null || map.get(STATE_KEY) == null) {
            return NONE;
        }
        if (!(map.get(STATE_KEY) instanceof Number number)) {
            throw new ConnectException("stored Gun source offset has a non-numeric state: " + map);
        }
        final Set<String> pairs = new LinkedHashSet<>();
        final Object text = map.get(AT_STATE_KEY);
        if (text != null) {
            try {
                for (List<String> pair : JSON.readValue(text.toString(), new TypeReference<List<List<String>>>() { })) {
                    pairs.add(pair(pair.get(0), pair.get(1)));
                }
            } catch (JsonProcessingException | RuntimeException e) {
                throw new ConnectException("stored Gun source offset is unreadable: " + map, e);
            }
        }
        return new RootOffset(number.doubleValue(), pairs);
    }

    static String pair(final String soul, final String key) {
        return soul + '\u0000' + key;
    }
}
