package io.gunstream.core.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gunstream.core.graph.GunNode;
import io.gunstream.core.graph.GunValue;
import io.gunstream.core.wire.GunMessage;
import io.gunstream.core.wire.RawJson;
import io.gunstream.core.wire.WireCodec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Frames per second through {@link WireCodec}: parse (UTF-8 bytes → validated {@link GunMessage}s) and write
 * (messages → UTF-8 bytes), one frame per operation, cycling through a frame set. {@code recorded} is the 37
 * frames of vectors/frames.json (real gun.js traffic, mostly small acks and gets); {@code largePut} is one put
 * of 100 nodes × 20 fields. The reference is Jackson's tree model on the same bytes
 * ({@code ObjectMapper.readTree} and {@code writeValueAsBytes}), which checks JSON syntax only.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class WireCodecBench {

    @Param({"recorded", "largePut"})
    public String frames;

    private final WireCodec codec = new WireCodec();
    private final ObjectMapper mapper = new ObjectMapper();
    private byte[][] bytes;
    private List<List<GunMessage>> messages;
    private JsonNode[] trees;
    private int next;

    @Setup
    public void setUp() throws IOException {
        final List<byte[]> input = new ArrayList<>();
        if (frames.equals("recorded")) {
            try (InputStream in = WireCodecBench.class.getResourceAsStream("/vectors/frames.json")) {
                for (final JsonNode entry : mapper.readTree(in).get("frames")) {
                    if (!entry.get("dir").asText().equals("note")) {
                        input.add(entry.get("frame").asText().getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
        } else {
            input.add(codec.writeUtf8(largePut()));
        }
        bytes = input.toArray(new byte[0][]);
        messages = new ArrayList<>();
        trees = new JsonNode[bytes.length];
        long total = 0;
        for (int i = 0; i < bytes.length; i++) {
            messages.add(codec.read(bytes[i]));
            trees[i] = mapper.readTree(bytes[i]);
            total += bytes[i].length;
        }
        System.out.printf("%n[%s] %d frames, %d bytes, mean %.1f bytes/frame%n", frames, bytes.length, total,
                (double) total / bytes.length);
    }

    private static GunMessage largePut() {
        final GunMessage.Builder b = GunMessage.builder().id("LrgPut001").ok(RawJson.okHops(0, 9));
        for (int n = 0; n < 100; n++) {
            final GunNode.Builder node = GunNode.builder("users/u" + n + "/profile");
            for (int f = 0; f < 20; f++) {
                final double state = 1_795_609_883_363d + n * 20 + f;
                final GunValue value = switch (f % 5) {
                    case 0 -> GunValue.of("value " + n + "/" + f + " with \"quotes\" and é");
                    case 1 -> GunValue.of(n * 1.5 + f);
                    case 2 -> GunValue.of(f % 2 == 0);
                    case 3 -> GunValue.link("users/u" + n + "/item" + f);
                    default -> GunValue.NULL;
                };
                node.put("field" + f, state, value);
            }
            b.put(node.build());
        }
        return b.build();
    }

    private int nextIndex() {
        final int i = next;
        next = i + 1 == bytes.length ? 0 : i + 1;
        return i;
    }

    @Benchmark
    public List<GunMessage> codecParse() {
        return codec.read(bytes[nextIndex()]);
    }

    @Benchmark
    public byte[] codecWrite() {
        return codec.writeUtf8(messages.get(nextIndex()));
    }

    @Benchmark
    public JsonNode jacksonTreeParse() throws IOException {
        return mapper.readTree(bytes[nextIndex()]);
    }

    @Benchmark
    public byte[] jacksonTreeWrite() throws IOException {
        return mapper.writeValueAsBytes(trees[nextIndex()]);
    }
}
