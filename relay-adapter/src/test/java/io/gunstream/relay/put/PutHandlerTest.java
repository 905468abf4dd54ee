package io.gunstream.relay.put;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gunstream.core.graph.FieldState;
import io.gunstream.core.graph.GunNode;
import io.gunstream.core.graph.GunValue;
import io.gunstream.core.wire.GunMessage;
import io.gunstream.relay.limits.RelayCounters;
import io.gunstream.schemas.avro.GunDelta;
import io.gunstream.schemas.avro.Reject;
import io.gunstream.schemas.avro.SourceKind;
import io.gunstream.stack.net.LoopbackPorts;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real producer pointed at a port where no broker listens: its {@code send} blocks for metadata (max.block.ms,
 * far longer than the ack timeout), as it does while the broker is down. The put path must not block its caller.
 */
class PutHandlerTest {

    private final RelayCounters counters = new RelayCounters();
    private final List<GunMessage> replies = new CopyOnWriteArrayList<>();
    private KafkaProducer<String, GunDelta> deltas;
    private KafkaProducer<String, Reject> rejectProducer;
    private ProduceLanes lanes;
    private ProduceLanes rejectLanes;
    private PutHandler handler;

    @BeforeEach
    void start() {
        final Map<String, Object> p = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + LoopbackPorts.freePort(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        deltas = new KafkaProducer<>(p, new StringSerializer(), (topic, d) -> d.toString().getBytes(StandardCharsets.UTF_8));
        rejectProducer = new KafkaProducer<>(p, new StringSerializer(), (topic, r) -> r.toString().getBytes(StandardCharsets.UTF_8));
        lanes = new ProduceLanes("test-put", 1, 1);
        rejectLanes = new ProduceLanes("test-reject", 1, 10);
        final RejectRecorder rejects = new RejectRecorder(rejectProducer, "gun.rejects", counters, Clock.systemUTC(), rejectLanes);
        handler = new PutHandler(deltas, "gun.deltas", rejects, "relay-t", Duration.ofMillis(300), Clock.systemUTC(),
                counters, lanes);
    }

    @AfterEach
    void stop() {
        lanes.close();
        rejectLanes.close();
        deltas.close(Duration.ZERO);
        rejectProducer.close(Duration.ZERO);
    }

    private static GunMessage put(final String id, final String soul) {
        final GunNode node = new GunNode(soul, Map.of("v", FieldState.of(1, GunValue.of(1.0))));
        return GunMessage.builder().id(id).put(Map.of(soul, node)).build();
    }

    private GunMessage replyTo(final String id) {
        return await().atMost(Duration.ofSeconds(20)).until(
                () -> replies.stream().filter(m -> id.equals(m.replyTo())).findFirst().orElse(null), m -> m != null);
    }

    @Test
    void aPutReturnsToItsCallerWhileKafkaIsUnreachableAndGetsErrAfterTheAckTimeout() {
        final CompletableFuture<Boolean> answered = handler.handle("peer-a", SourceKind.RELAY, put("p1", "s1"), true, replies::add);

        assertThat(answered).as("the caller (a socket thread) must not wait for the producer").isNotDone();
        final GunMessage reply = replyTo("p1");
        assertThat(reply.ok()).isNull();
        assertThat(reply.err()).contains("within 300 ms").contains("not stored");
        assertThat(answered.join()).isFalse();
        assertThat(counters.acks()).isZero();
    }

    @Test
    void aPutFindingTheLanesFullGetsErrAtOnceNeverSilence() {
        // p1 occupies the only lane thread (blocked in send), p2 fills the only queue slot, p3 has no room
        handler.handle("peer-a", SourceKind.RELAY, put("p1", "s1"), true, replies::add);
        handler.handle("peer-a", SourceKind.RELAY, put("p2", "s2"), true, replies::add);
        final CompletableFuture<Boolean> third = handler.handle("peer-a", SourceKind.RELAY, put("p3", "s3"), true, replies::add);

        assertThat(third).isCompletedWithValue(false);
        assertThat(replies).anySatisfy(m -> {
            assertThat(m.replyTo()).isEqualTo("p3");
            assertThat(m.err()).contains("Relay busy").contains("put.queue.max");
        });
        assertThat(counters.snapshot()).containsEntry("putsRefusedBusy", 1L);
        // the queued ones are not forgotten: each gets its own err when the ack timeout passes
        assertThat(replyTo("p1").err()).contains("not stored");
        assertThat(replyTo("p2").err()).contains("not stored");
        assertThat(replies).noneMatch(m -> m.ok() != null);
    }
}
