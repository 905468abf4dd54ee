package io.gunstream.core.graph;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The unmodifiable fields of a {@link GunNode}: keys already checked with {@link Souls#requireValidKey} and no null
 * state. Only this package creates one, from a map nobody else holds, so the {@link GunNode} constructor can take
 * it as is instead of copying and checking it again. Behaves as {@code Collections.unmodifiableMap} of a
 * {@code LinkedHashMap} (insertion order, every mutator throws {@link UnsupportedOperationException}).
 */
final class NodeFields implements Map<String, FieldState> {

    static final NodeFields EMPTY = new NodeFields(null, new LinkedHashMap<>(0));

    /** The soul the keys were checked for (key validity does not depend on it; error messages name it); null for {@link #EMPTY}. */
    final String soul;
    /** Never modified once this object exists; read directly by the package to copy it without wrappers. */
    final LinkedHashMap<String, FieldState> map;
    private final Map<String, FieldState> view;

    NodeFields(final String soul, final LinkedHashMap<String, FieldState> map) {
        this.soul = soul;
        this.map = map;
        this.view = Collections.unmodifiableMap(map);
    }

    @Override
    public int size() {
        return map.size();
    }

    @Override
    public boolean isEmpty() {
        return map.isEmpty();
    }

    @Override
    public boolean containsKey(final Object key) {
        return map.containsKey(key);
    }

    @Override
    public boolean containsValue(final Object value) {
        return map.containsValue(value);
    }

    @Override
    public FieldState get(final Object key) {
        return map.get(key);
    }

    @Override
    public FieldState getOrDefault(final Object key, final FieldState defaultValue) {
        return map.getOrDefault(key, defaultValue);
    }

    @Override
    public void forEach(final BiConsumer<? super String, ? super FieldState> action) {
        map.forEach(action);
    }

    @Override
    public Set<String> keySet() {
        return view.keySet();
    }

    @Override
    public Collection<FieldState> values() {
        return view.values();
    }

    @Override
    public Set<Entry<String, FieldState>> entrySet() {
        return view.entrySet();
    }

    @Override
    public FieldState put(final String key, final FieldState value) {
        return view.put(key, value);
    }

    @Override
    public FieldState remove(final Object key) {
        return view.remove(key);
    }

    @Override
    public void putAll(final Map<? extends String, ? extends FieldState> m) {
        view.putAll(m);
    }

    @Override
    public void clear() {
        view.clear();
    }

    @Override
    public void replaceAll(final BiFunction<? super String, ? super FieldState, ? extends FieldState> function) {
        view.replaceAll(function);
    }

    @Override
    public FieldState putIfAbsent(final String key, final FieldState value) {
        return view.putIfAbsent(key, value);
    }

    @Override
    public boolean remove(final Object key, final Object value) {
        return view.remove(key, value);
    }

    @Override
    public boolean replace(final String key, final FieldState oldValue, final FieldState newValue) {
        return view.replace(key, oldValue, newValue);
    }

    @Override
    public FieldState replace(final String key, final FieldState value) {
        return view.replace(key, value);
    }

    @Override
    public FieldState computeIfAbsent(final String key, final Function<? super String, ? extends FieldState> mappingFunction) {
        return view.computeIfAbsent(key, mappingFunction);
    }

    @Override
    public FieldState computeIfPresent(final String key,
                                      final BiFunction<? super String, ? super FieldState, ? extends FieldState> remappingFunction) {
        return view.computeIfPresent(key, remappingFunction);
    }

    @Override
    public FieldState compute(final String key,
                              final BiFunction<? super String, ? super FieldState, ? extends FieldState> remappingFunction) {
        return view.compute(key, remappingFunction);
    }

    @Override
    public FieldState merge(final String key, final FieldState value,
                            final BiFunction<? super FieldState, ? super FieldState, ? extends FieldState> remappingFunction) {
        return view.merge(key, value, remappingFunction);
    }

    @Override
    public boolean equals(final Object o) {
        return o == this || map.equals(o);
    }

    @Override
    public int hashCode() {
        return map.hashCode();
    }

    @Override
    public String toString() {
        return map.toString();
    }
}
