package io.gunstream.relay.get;

import static org.assertj.core.api.Assertions.assertThat;

import io.gunstream.core.graph.GunNode;
import io.gunstream.core.graph.GunValue;
import io.gunstream.core.wire.GetRequest;
import io.gunstream.core.wire.GunMessage;
import io.gunstream.core.wire.WireCodec;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GetHandlerTest {

    private static final double S = 1795609883363d;
    private final GunNode alice = GunNode.builder("alice").put("address", S, GunValue.link("alice/address"))
            .put("age", S, GunValue.of(30)).put("name", S, GunValue.of("Alice")).build();

    @Test
    void replyHasTheShapeAndHashOfTheRecordedGunJsRelayReply() {
        // vectors/frames.json: the node relay answered get alice with "##":-1374892213 for this node
        final GunMessage reply = GetHandler.reply(GetRequest.node("alice"), "jsd9oHuDq", Optional.of(alice));
        assertThat(reply.replyTo()).isEqualTo("jsd9oHuDq");
        assertThat(reply.hash()).isEqualTo(-1374892213);
        assertThat(reply.put()).containsOnlyKeys("alice");
        assertThat(new WireCodec().write(reply)).contains("\"put\":{\"alice\":{\"_\":{\"#\":\"alice\",\">\":{\"address\":1795609883363");
    }

    @Test
    void oneKeyGetIsReducedToThatKeyAndUnknownSoulIsNotFound() {
        final GunMessage key = GetHandler.reply(GetRequest.field("alice", "age"), "g1", Optional.of(alice));
        assertThat(key.put().get("alice").fields()).containsOnlyKeys("age");
        final GunMessage none = GetHandler.reply(GetRequest.node("nobody"), "g2", Optional.empty());
        assertThat(none.put()).isNull();
        assertThat(none.replyTo()).isEqualTo("g2");
    }
}
