package io.gunstream.core.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.gunstream.core.graph.FieldState;
import io.gunstream.core.graph.GraphRule;
import io.gunstream.core.graph.GunNode;
import io.gunstream.core.graph.GunValue;
import io.gunstream.core.graph.InvalidGraphException;
import io.gunstream.core.graph.Souls;
import io.gunstream.core.json.JsJson;
import io.gunstream.core.json.JsNumbers;
import io.gunstream.core.wire.WireFormatException.Reason;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Streams a frame through Jackson's {@link JsonParser} straight into {@link GunMessage}s: no tree model, field
 * names canonicalised by Jackson's symbol table, values materialised once. Thread-safe; one per limits.
 */
final class FrameReader {

    private final WireLimits limits;
    private final JsonFactory factory;

    FrameReader(final WireLimits limits) {
        this.limits = limits;
        this.factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxDepth())
                        // backstops only: the codec checks each kind of string against its own limit first
                        .maxStringLength(Math.max(limits.maxStringValueLength(), limits.maxKeyLength()))
                        .maxNameLength(Math.max(limits.maxStringValueLength(), limits.maxKeyLength()))
                        .maxDocumentLength(limits.maxFrameBytes())
                        .build())
                // attacker-chosen keys must not pile up in the JVM's string table
                .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
                .build();
    }

    /** Strict read: the first problem refuses the frame. */
    List<GunMessage> readAll(final byte[] frame) {
        return read(frame, null);
    }

    List<GunMessage> readAll(final String frame) {
        return read(frame, null);
    }

    /** Tolerant read: refused messages are skipped and listed. */
    ReadResult readEach(final byte[] frame) {
        final List<ReadResult.RejectedMessage> rejected = new ArrayList<>(0);
        return new ReadResult(read(frame, rejected), rejected);
    }

    ReadResult readEach(final String frame) {
        final List<ReadResult.RejectedMessage> rejected = new ArrayList<>(0);
        return new ReadResult(read(frame, rejected), rejected);
    }

    private List<GunMessage> read(final byte[] frame, final List<ReadResult.RejectedMessage> rejected) {
        if (frame.length > limits.maxFrameBytes()) {
            throw tooLarge(frame.length);
        }
        if (frame.length == 0 || (frame[0] != '{' && frame[0] != '[')) {
            throw notAMessage(frame.length == 0);
        }
        // Jackson guesses UTF-16/32 from zero bytes near the start; a WebSocket text frame is UTF-8 and a raw
        // NUL is never valid JSON, so refuse before the guess can reinterpret the bytes.
        for (int i = 1; i < Math.min(4, frame.length); i++) {
            if (frame[i] == 0) {
                throw WireFormatException.of(Reason.MALFORMED_JSON, "NUL byte at offset " + i);
            }
        }
        try (JsonParser p = factory.createParser(frame)) {
            return readFrame(p, rejected);
        } catch (final IOException e) {
            throw mapIo(e);
        } catch (final WireFormatException | InvalidGraphException e) {
            throw e;
        } catch (final RuntimeException e) {
            throw new WireFormatException(Reason.UNEXPECTED, e.toString(), -1, null, -1, e);
        }
    }

    private List<GunMessage> read(final String frame, final List<ReadResult.RejectedMessage> rejected) {
        final long size = utf8Length(frame, limits.maxFrameBytes());
        if (size > limits.maxFrameBytes()) {
            throw tooLarge(size);
        }
        if (frame.isEmpty() || (frame.charAt(0) != '{' && frame.charAt(0) != '[')) {
            throw notAMessage(frame.isEmpty());
        }
        try (JsonParser p = factory.createParser(frame)) {
            return readFrame(p, rejected);
        } catch (final IOException e) {
            throw mapIo(e);
        } catch (final WireFormatException | InvalidGraphException e) {
            throw e;
        } catch (final RuntimeException e) {
            throw new WireFormatException(Reason.UNEXPECTED, e.toString(), -1, null, -1, e);
        }
    }

    /** Reads the frame; refused messages go to {@code rejected} (tolerant mode) or throw when it is null. */
    private List<GunMessage> readFrame(final JsonParser p, final List<ReadResult.RejectedMessage> rejected)
            throws IOException {
        final List<GunMessage> messages = new ArrayList<>(2);
        JsonToken t = p.nextToken();
        if (t == JsonToken.START_OBJECT) {
            readOne(p, 0, messages, rejected);
        } else if (t == JsonToken.START_ARRAY) {
            int index = 0;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t != JsonToken.START_OBJECT) {
                    throw new WireFormatException(Reason.NOT_A_MESSAGE, "batch element is " + describe(t)
                            + ", not a message object", index, null, offset(p), null);
                }
                if (index >= limits.maxMessagesPerBatch()) {
                    throw new WireFormatException(Reason.LIMIT_EXCEEDED, "more than " + limits.maxMessagesPerBatch()
                            + " messages in one batch (WireLimits.maxMessagesPerBatch)", index, null, offset(p), null);
                }
                readOne(p, index++, messages, rejected);
            }
        } else {
            throw notAMessage(t == null);
        }
        if (p.nextToken() != null) {
            throw new WireFormatException(Reason.MALFORMED_JSON, "content after the end of the frame's JSON value",
                    -1, null, offset(p), null);
        }
        return Collections.unmodifiableList(messages);
    }

    /** Reads the message whose START_OBJECT is the current token; in tolerant mode a refused one is skipped. */
    private void readOne(final JsonParser p, final int index, final List<GunMessage> messages,
                         final List<ReadResult.RejectedMessage> rejected) throws IOException {
        final boolean tolerant = rejected != null;
        final int depth = p.getParsingContext().getNestingDepth();
        final Draft draft = new Draft();
        try {
            readMessage(p, draft);
            messages.add(draft.build());
            return;
        } catch (final WireFormatException e) {
            final WireFormatException located = e.locate(index, draft.id, offset(p));
            if (!tolerant || e.reason().frameLevel()) {
                throw located;
            }
            skipRestOfMessage(p, depth, draft);
            rejected.add(new ReadResult.RejectedMessage(index, draft.id, located));
        } catch (final InvalidGraphException e) {
            if (!tolerant) {
                throw e;
            }
            skipRestOfMessage(p, depth, draft);
            rejected.add(new ReadResult.RejectedMessage(index, draft.id, e));
        }
    }

    /** Advances to the END_OBJECT of the message opened at {@code depth}, picking up its '#' on the way. */
    private static void skipRestOfMessage(final JsonParser p, final int depth, final Draft draft) throws IOException {
        while (true) {
            final JsonToken t = p.currentToken();
            if (t == JsonToken.END_OBJECT && p.getParsingContext().getNestingDepth() == depth - 1) {
                return;
            }
            if (t == JsonToken.FIELD_NAME && draft.id == null && p.getParsingContext().getNestingDepth() == depth
                    && "#".equals(p.currentName())) {
                if (p.nextToken() == JsonToken.VALUE_STRING) {
                    draft.id = p.getText();
                }
                continue;
            }
            if (p.nextToken() == null) {
                throw WireFormatException.of(Reason.MALFORMED_JSON, "frame ends inside a message");
            }
        }
    }

    private void readMessage(final JsonParser p, final Draft d) throws IOException {
        String name;
        while ((name = p.nextFieldName()) != null) {
            final JsonToken t = p.nextToken();
            switch (name) {
                case "#" -> d.id = protocolString(p, t, "#", d.id);
                case "@" -> d.replyTo = protocolString(p, t, "@", d.replyTo);
                case "dam" -> d.dam = protocolString(p, t, "dam", d.dam);
                case "pid" -> d.pid = protocolString(p, t, "pid", d.pid);
                case "><" -> d.peers = protocolString(p, t, "><", d.peers);
                case "err" -> {
                    checkDuplicate(d.err, "err");
                    d.err = string(p, t, "err", limits.maxStringValueLength());
                }
                case "##" -> {
                    checkDuplicate(d.hash, "##");
                    d.hash = hash(p, t);
                }
                case "ok" -> {
                    checkDuplicate(d.ok, "ok");
                    d.ok = RawJson.canonical(raw(p, t));
                }
                case "get" -> {
                    checkDuplicate(d.get, "get");
                    d.get = readGet(p, t);
                }
                case "put" -> {
                    checkDuplicate(d.put, "put");
                    d.put = readPut(p, t);
                }
                default -> {
                    if (name.length() > limits.maxKeyLength()) {
                        throw limit("message field name of " + name.length() + " characters, more than "
                                + limits.maxKeyLength() + " (WireLimits.maxKeyLength)");
                    }
                    if (d.extra == null) {
                        d.extra = new LinkedHashMap<>(4);
                    }
                    final RawJson value = RawJson.canonical(raw(p, t));
                    if (d.extra.put(name, value) != null) {
                        throw duplicate("message field '" + name + "'");
                    }
                }
            }
        }
    }

    private String protocolString(final JsonParser p, final JsonToken t, final String field, final String previous)
            throws IOException {
        checkDuplicate(previous, field);
        return string(p, t, field, limits.maxKeyLength());
    }

    private static String string(final JsonParser p, final JsonToken t, final String field, final int maxLength)
            throws IOException {
        if (t != JsonToken.VALUE_STRING) {
            throw invalid("'" + field + "' must be a string, not " + describe(t));
        }
        if (p.getTextLength() > maxLength) {
            throw limit("'" + field + "' is " + p.getTextLength() + " characters, more than " + maxLength);
        }
        return p.getText();
    }

    private static Integer hash(final JsonParser p, final JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            final double d = p.getDoubleValue();
            if (d == Math.rint(d) && d >= Integer.MIN_VALUE && d <= Integer.MAX_VALUE) {
                return (int) d;
            }
        }
        throw invalid("'##' must be a 32-bit integer (gun's String.hash), not " + describe(t));
    }

    private GetRequest readGet(final JsonParser p, final JsonToken t) throws IOException {
        if (t != JsonToken.START_OBJECT) {
            throw invalid("'get' must be an object {\"#\": soul}, not " + describe(t));
        }
        String soul = null;
        String key = null;
        Map<String, RawJson> extra = null;
        String name;
        while ((name = p.nextFieldName()) != null) {
            final JsonToken vt = p.nextToken();
            if (name.equals("#")) {
                checkDuplicate(soul, "get.#");
                soul = string(p, vt, "get.#", limits.maxKeyLength());
            } else if (name.equals(".") && vt == JsonToken.VALUE_STRING) {
                checkDuplicate(key, "get..");
                key = string(p, vt, "get..", limits.maxKeyLength());
                if (key.isEmpty()) {
                    throw invalid("'get.' must name a non-empty key");
                }
            } else {
                if (extra == null) {
                    extra = new LinkedHashMap<>(4);
                }
                if (extra.put(name, RawJson.canonical(raw(p, vt))) != null || (key != null && name.equals("."))) {
                    throw duplicate("get field '" + name + "'");
                }
            }
        }
        if (soul == null) {
            throw invalid("'get' has no soul '#'");
        }
        if (key != null && extra != null && extra.containsKey(".")) {
            throw duplicate("get field '.'");
        }
        return new GetRequest(soul, key, extra);
    }

    private Map<String, GunNode> readPut(final JsonParser p, final JsonToken t) throws IOException {
        if (t != JsonToken.START_OBJECT) {
            throw invalid("'put' must be an object {soul: node}, not " + describe(t));
        }
        final Map<String, GunNode> graph = new LinkedHashMap<>(4);
        String soul;
        while ((soul = p.nextFieldName()) != null) {
            if (graph.size() >= limits.maxNodesPerPut()) {
                throw limit("more than " + limits.maxNodesPerPut() + " nodes in one put (WireLimits.maxNodesPerPut)");
            }
            checkKeyLength(soul, null, soul);
            Souls.requireValidSoul(soul);
            if (graph.containsKey(soul)) {
                throw duplicate("soul '" + abbreviate(soul) + "' in put");
            }
            final JsonToken nt = p.nextToken();
            if (nt != JsonToken.START_OBJECT) {
                throw new InvalidGraphException(GraphRule.NO_NODE, soul, null, "node is " + describe(nt));
            }
            graph.put(soul, readNode(p, soul));
        }
        return graph;
    }

    private GunNode readNode(final JsonParser p, final String soul) throws IOException {
        final GunNode.Builder fields = GunNode.builder(soul);
        Map<String, GunValue> pending = null; // values that came before the meta (sorted keys below '_')
        Map<String, Double> states = null;
        String key;
        while ((key = p.nextFieldName()) != null) {
            if (key.equals(Souls.META_KEY)) {
                if (states != null) {
                    throw duplicate("node meta '_' of soul '" + abbreviate(soul) + "'");
                }
                states = readMeta(p, soul);
                if (pending != null) {
                    for (final Map.Entry<String, GunValue> e : pending.entrySet()) {
                        fields.put(e.getKey(), field(soul, e.getKey(), states, e.getValue()));
                    }
                }
                continue;
            }
            checkKeyLength(soul, key, key);
            Souls.requireValidKey(soul, key);
            if (fields.size() + (pending == null ? 0 : pending.size()) >= limits.maxKeysPerNode()) {
                throw limit("node '" + abbreviate(soul) + "' has more than " + limits.maxKeysPerNode()
                        + " keys (WireLimits.maxKeysPerNode)");
            }
            if (fields.containsKey(key) || (pending != null && pending.containsKey(key))) {
                throw duplicate("key '" + abbreviate(key) + "' of soul '" + abbreviate(soul) + "'");
            }
            final GunValue value = readValue(p, soul, key);
            if (states != null) {
                fields.put(key, field(soul, key, states, value));
            } else {
                if (pending == null) {
                    pending = new LinkedHashMap<>(8);
                }
                pending.put(key, value);
            }
        }
        if (states == null) {
            throw new InvalidGraphException(GraphRule.NO_META, soul, null, null);
        }
        if (!states.isEmpty()) {
            // gun.js ignores a state whose key has no value; a writer that sends one lost the value somewhere
            throw new InvalidGraphException(GraphRule.INVALID_VALUE, soul, states.keySet().iterator().next(),
                    "state without a value (undefined)");
        }
        return fields.build();
    }

    /** Pairs a value with its state, consuming the state so leftovers can be detected. */
    private static FieldState field(final String soul, final String key, final Map<String, Double> states,
                                    final GunValue value) {
        final Double state = states.remove(key);
        if (state == null) {
            throw new InvalidGraphException(GraphRule.MISSING_STATE, soul, key, null);
        }
        return new FieldState(state, value);
    }

    private Map<String, Double> readMeta(final JsonParser p, final String soul) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new InvalidGraphException(GraphRule.NO_META, soul, null, "meta '_' is " + describe(p.currentToken()));
        }
        boolean soulSeen = false;
        Map<String, Double> states = null;
        String name;
        while ((name = p.nextFieldName()) != null) {
            final JsonToken t = p.nextToken();
            if (name.equals("#")) {
                if (soulSeen) {
                    throw duplicate("meta '#' of soul '" + abbreviate(soul) + "'");
                }
                soulSeen = true;
                if (t != JsonToken.VALUE_STRING || !soul.equals(p.getText())) {
                    throw new InvalidGraphException(GraphRule.SOUL_MISMATCH, soul, null,
                            "meta '#' is " + (t == JsonToken.VALUE_STRING ? "'" + abbreviate(p.getText()) + "'" : describe(t)));
                }
            } else if (name.equals(">")) {
                if (states != null) {
                    throw duplicate("state map '>' of soul '" + abbreviate(soul) + "'");
                }
                if (t != JsonToken.START_OBJECT) {
                    throw new InvalidGraphException(GraphRule.NO_STATE_MAP, soul, null, "'>' is " + describe(t));
                }
                states = readStates(p, soul);
            } else {
                throw invalid("node meta of soul '" + abbreviate(soul) + "' has key '" + abbreviate(name)
                        + "'; gun.js meta holds only '#' and '>'");
            }
        }
        if (!soulSeen) {
            throw new InvalidGraphException(GraphRule.SOUL_MISMATCH, soul, null, "meta has no '#'");
        }
        if (states == null) {
            throw new InvalidGraphException(GraphRule.NO_STATE_MAP, soul, null, null);
        }
        return states;
    }

    private Map<String, Double> readStates(final JsonParser p, final String soul) throws IOException {
        final Map<String, Double> states = new HashMap<>(16);
        String key;
        while ((key = p.nextFieldName()) != null) {
            final JsonToken t = p.nextToken();
            if (states.size() >= limits.maxKeysPerNode()) {
                throw limit("state map of '" + abbreviate(soul) + "' has more than " + limits.maxKeysPerNode()
                        + " keys (WireLimits.maxKeysPerNode)");
            }
            if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
                throw new InvalidGraphException(GraphRule.STATE_NOT_A_NUMBER, soul, key, "state is " + describe(t));
            }
            final double state = p.getDoubleValue();
            if (!Double.isFinite(state)) {
                throw new InvalidGraphException(GraphRule.STATE_NOT_A_NUMBER, soul, key,
                        "state " + p.getText() + " is out of double range");
            }
            // -0 and 0 are one state in JavaScript (and JSON.stringify prints both as 0)
            if (states.put(key, state == 0 ? 0.0 : state) != null) {
                throw duplicate("state of key '" + abbreviate(key) + "' of soul '" + abbreviate(soul) + "'");
            }
        }
        return states;
    }

    private GunValue readValue(final JsonParser p, final String soul, final String key) throws IOException {
        final JsonToken t = p.nextToken();
        switch (t) {
            case VALUE_NULL:
                return GunValue.NULL;
            case VALUE_TRUE:
                return GunValue.of(true);
            case VALUE_FALSE:
                return GunValue.of(false);
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT: {
                final double d = p.getDoubleValue();
                if (!Double.isFinite(d)) {
                    throw new InvalidGraphException(GraphRule.INVALID_VALUE, soul, key,
                            "number is out of double range (JSON.parse makes it Infinity)");
                }
                return GunValue.of(d);
            }
            case VALUE_STRING:
                if (p.getTextLength() > limits.maxStringValueLength()) {
                    throw limit("value of key '" + abbreviate(key) + "' of soul '" + abbreviate(soul) + "' is "
                            + p.getTextLength() + " characters, more than " + limits.maxStringValueLength()
                            + " (WireLimits.maxStringValueLength)");
                }
                return GunValue.of(p.getText());
            case START_OBJECT: {
                // Gun.valid: a link is an object with exactly one key '#' holding a non-empty string
                final String first = p.nextFieldName();
                if ("#".equals(first) && p.nextToken() == JsonToken.VALUE_STRING) {
                    final String target = p.getText();
                    if (!target.isEmpty() && p.nextToken() == JsonToken.END_OBJECT) {
                        checkKeyLength(soul, key, target);
                        return GunValue.link(target);
                    }
                }
                throw new InvalidGraphException(GraphRule.INVALID_VALUE, soul, key,
                        "an object value must be a link {\"#\": soul} with exactly that one key");
            }
            case START_ARRAY:
                throw new InvalidGraphException(GraphRule.INVALID_VALUE, soul, key, "arrays are not Gun values");
            default:
                throw new InvalidGraphException(GraphRule.INVALID_VALUE, soul, key, "unexpected " + describe(t));
        }
    }

    /** Canonical JSON text (sorted keys, V8 strings and numbers) of the value whose first token is {@code t}. */
    private String raw(final JsonParser p, final JsonToken t) throws IOException {
        switch (t) {
            case VALUE_TRUE:
                return "true";
            case VALUE_FALSE:
                return "false";
            case VALUE_NULL:
                return "null";
            default:
                final StringBuilder out = new StringBuilder(16);
                appendRaw(p, t, out);
                return out.toString();
        }
    }

    private void appendRaw(final JsonParser p, final JsonToken t, final StringBuilder out) throws IOException {
        switch (t) {
            case VALUE_TRUE -> out.append("true");
            case VALUE_FALSE -> out.append("false");
            case VALUE_NULL -> out.append("null");
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                final double d = p.getDoubleValue();
                if (!Double.isFinite(d)) {
                    throw invalid("number " + abbreviate(p.getText()) + " is out of double range");
                }
                out.append(JsNumbers.toJsString(d));
            }
            case VALUE_STRING -> {
                if (p.getTextLength() > limits.maxStringValueLength()) {
                    throw limit("string of " + p.getTextLength() + " characters, more than "
                            + limits.maxStringValueLength() + " (WireLimits.maxStringValueLength)");
                }
                JsJson.appendQuoted(out, p.getText());
            }
            case START_ARRAY -> {
                out.append('[');
                JsonToken e;
                boolean first = true;
                while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    appendRaw(p, e, out);
                }
                out.append(']');
            }
            case START_OBJECT -> {
                // sorted like gun.js on Node (YSON) writes objects
                final TreeMap<String, String> entries = new TreeMap<>();
                String name;
                while ((name = p.nextFieldName()) != null) {
                    final StringBuilder value = new StringBuilder(16);
                    appendRaw(p, p.nextToken(), value);
                    if (entries.put(name, value.toString()) != null) {
                        throw duplicate("key '" + abbreviate(name) + "'");
                    }
                }
                out.append('{');
                boolean first = true;
                for (final Map.Entry<String, String> e : entries.entrySet()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    JsJson.appendQuoted(out, e.getKey());
                    out.append(':').append(e.getValue());
                }
                out.append('}');
            }
            default -> throw invalid("unexpected " + describe(t));
        }
    }

    private void checkKeyLength(final String soul, final String key, final String text) {
        if (text.length() > limits.maxKeyLength()) {
            throw limit((key == null ? "soul '" : "key '" + abbreviate(key) + "' of soul '") + abbreviate(soul)
                    + "': " + text.length() + " characters, more than " + limits.maxKeyLength()
                    + " (WireLimits.maxKeyLength)");
        }
    }

    private static void checkDuplicate(final Object previous, final String field) {
        if (previous != null) {
            throw duplicate("message field '" + field + "'");
        }
    }

    private static WireFormatException invalid(final String detail) {
        return WireFormatException.of(Reason.INVALID_FIELD, detail);
    }

    private static WireFormatException limit(final String detail) {
        return WireFormatException.of(Reason.LIMIT_EXCEEDED, detail);
    }

    private static WireFormatException duplicate(final String what) {
        return WireFormatException.of(Reason.DUPLICATE_KEY, "duplicate " + what);
    }

    private WireFormatException tooLarge(final long size) {
        return WireFormatException.of(Reason.FRAME_TOO_LARGE, "frame of " + size + " bytes, more than "
                + limits.maxFrameBytes() + " (WireLimits.maxFrameBytes)");
    }

    private static WireFormatException notAMessage(final boolean empty) {
        return WireFormatException.of(Reason.NOT_A_MESSAGE, empty ? "empty frame"
                : "a frame must start with '{' (one message) or '[' (a batch), as gun.js's mesh.hear requires");
    }

    private WireFormatException mapIo(final IOException e) {
        final long at = e instanceof JsonProcessingException jpe ? offset(jpe.getLocation()) : -1;
        final String detail = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.toString();
        final Reason reason;
        if (e instanceof StreamConstraintsException) {
            reason = detail != null && detail.contains("nesting depth") ? Reason.TOO_DEEP
                    : detail != null && detail.contains("Document length") ? Reason.FRAME_TOO_LARGE
                    : Reason.LIMIT_EXCEEDED;
        } else {
            reason = Reason.MALFORMED_JSON;
        }
        return new WireFormatException(reason, detail, -1, null, at, e);
    }

    private static long offset(final JsonParser p) {
        return offset(p.currentLocation());
    }

    private static long offset(final JsonLocation location) {
        if (location == null) {
            return -1;
        }
        return location.getByteOffset() >= 0 ? location.getByteOffset() : location.getCharOffset();
    }

    private static String describe(final JsonToken t) {
        if (t == null) {
            return "missing";
        }
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.toString();
        };
    }

    private static String abbreviate(final String s) {
        return s.length() > 64 ? s.substring(0, 64) + "..." : s;
    }

    /** The UTF-8 length of {@code s} if it is over {@code max}, else some value at most {@code max}. */
    static long utf8Length(final String s, final int max) {
        final int n = s.length();
        if ((long) n * 3 <= max) {
            return n; // cannot exceed max: a lower bound is enough
        }
        long bytes = 0;
        for (int i = 0; i < n && bytes <= max; i++) {
            final char c = s.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** A message's fields while it is being read. */
    private static final class Draft {
        String id;
        String replyTo;
        Map<String, GunNode> put;
        GetRequest get;
        RawJson ok;
        String err;
        String dam;
        String pid;
        Integer hash;
        String peers;
        Map<String, RawJson> extra;

        GunMessage build() {
            return new GunMessage(id, replyTo, put, get, ok, err, dam, pid, hash, peers, extra);
        }
    }
}
