package io.gunstream.core.wire;

import io.gunstream.core.graph.GraphRule;
import io.gunstream.core.graph.GunNode;
import io.gunstream.core.graph.InvalidGraphException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One Gun wire message (gun.js {@code src/mesh.js}). Every component except the maps may be null, meaning the
 * field is absent from the JSON object.
 *
 * @param id      {@code #}: the message id (gun.js: 9 random characters); absent messages get one from gun.js
 * @param replyTo {@code @}: id of the message this one answers
 * @param put     {@code put}: the graph, soul → node, in wire order; unmodifiable; null when absent
 * @param get     {@code get}: the node or key asked for
 * @param ok      {@code ok}: {@code true} on a storage ack, {@code {"/":near,"@":hops}} on a client put
 * @param err     {@code err}: error text of a refused put or a {@code dam:'!'} message
 * @param dam     {@code dam}: mesh control ({@code "?"} handshake, {@code "!"} error, {@code "mob"}, ...)
 * @param pid     {@code pid}: the sender's peer id in a {@code dam:'?'} handshake
 * @param hash    {@code ##}: gun's 32-bit hash of the reply's put (see {@link GunHash}), used to deduplicate
 * @param peers   {@code ><}: comma-separated ids of peers the sender already sent this message to
 * @param extra   every other top-level field, by name, as canonical JSON (e.g. gun's debug {@code "FOO":1},
 *                the chunk id {@code "%"}); forwarded unchanged; unmodifiable, never a name above
 */
public record GunMessage(String id, String replyTo, Map<String, GunNode> put, GetRequest get, RawJson ok,
                         String err, String dam, String pid, Integer hash, String peers,
                         Map<String, RawJson> extra) {

    /** Wire names of the modelled fields, in the order the writer emits them (sorted, as gun.js on Node). */
    static final String[] FIELD_NAMES = {"#", "##", "><", "@", "dam", "err", "get", "ok", "pid", "put"};
    private static final Set<String> FIELD_NAME_SET = Set.of(FIELD_NAMES);

    public GunMessage {
        if (put != null) {
            final Map<String, GunNode> copy = new LinkedHashMap<>(put.size() * 2);
            for (final Map.Entry<String, GunNode> e : put.entrySet()) {
                final GunNode node = e.getValue();
                if (node == null) {
                    throw new InvalidGraphException(GraphRule.NO_NODE, e.getKey(), null, null);
                }
                if (!node.soul().equals(e.getKey())) {
                    throw new InvalidGraphException(GraphRule.SOUL_MISMATCH, e.getKey(), null,
                            "node soul is '" + node.soul() + "'");
                }
                copy.put(e.getKey(), node);
            }
            put = Collections.unmodifiableMap(copy);
        }
        if (extra == null || extra.isEmpty()) {
            extra = Map.of();
        } else {
            final Map<String, RawJson> copy = new LinkedHashMap<>(extra);
            for (final Map.Entry<String, RawJson> e : copy.entrySet()) {
                if (FIELD_NAME_SET.contains(e.getKey()) || e.getValue() == null) {
                    throw new IllegalArgumentException("extra field '" + e.getKey()
                            + "' is a modelled field or has no value; set it through its own component");
                }
            }
            extra = Collections.unmodifiableMap(copy);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder initialised with this message's fields. */
    public Builder toBuilder() {
        final Builder b = new Builder();
        b.id = id;
        b.replyTo = replyTo;
        b.put = put;
        b.get = get;
        b.ok = ok;
        b.err = err;
        b.dam = dam;
        b.pid = pid;
        b.hash = hash;
        b.peers = peers;
        b.extra.putAll(extra);
        return b;
    }

    /** gun.js's answer to a peer that sent garbage: {@code {dam:'!', err: text}}. */
    public static GunMessage damError(final String text) {
        return builder().dam("!").err(text).build();
    }

    /** A {@code dam} control message; gun.js never passes these to the graph. */
    public boolean isDam() {
        return dam != null;
    }

    /** Messages gun.js hands to the graph as a write: it carries a put. */
    public boolean hasPut() {
        return put != null;
    }

    /** Collects fields; {@link #build()} validates. */
    public static final class Builder {
        private String id;
        private String replyTo;
        private Map<String, GunNode> put;
        private GetRequest get;
        private RawJson ok;
        private String err;
        private String dam;
        private String pid;
        private Integer hash;
        private String peers;
        private final Map<String, RawJson> extra = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder id(final String value) {
            id = value;
            return this;
        }

        public Builder replyTo(final String value) {
            replyTo = value;
            return this;
        }

        public Builder put(final Map<String, GunNode> value) {
            put = value;
            return this;
        }

        /** Adds nodes to the put graph, keyed by their souls. */
        public Builder put(final GunNode... nodes) {
            final Map<String, GunNode> graph = new LinkedHashMap<>(put == null ? Map.of() : put);
            for (final GunNode node : nodes) {
                graph.put(node.soul(), node);
            }
            put = graph;
            return this;
        }

        public Builder get(final GetRequest value) {
            get = value;
            return this;
        }

        public Builder ok(final RawJson value) {
            ok = value;
            return this;
        }

        public Builder err(final String value) {
            err = value;
            return this;
        }

        public Builder dam(final String value) {
            dam = value;
            return this;
        }

        public Builder pid(final String value) {
            pid = value;
            return this;
        }

        public Builder hash(final Integer value) {
            hash = value;
            return this;
        }

        public Builder peers(final String value) {
            peers = value;
            return this;
        }

        public Builder extra(final String name, final RawJson value) {
            extra.put(name, value);
            return this;
        }

        public GunMessage build() {
            return new GunMessage(id, replyTo, put, get, ok, err, dam, pid, hash, peers, extra);
        }
    }
}
