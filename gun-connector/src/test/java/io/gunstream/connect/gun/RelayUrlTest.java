package io.gunstream.connect.gun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class RelayUrlTest {

    @Test
    void mapsGunJsAddressesToWebSocketUris() {
        assertThat(RelayUrl.parse("k", "http://127.0.0.1:8765/gun").webSocket()).isEqualTo(URI.create("ws://127.0.0.1:8765/gun"));
        assertThat(RelayUrl.parse("k", " https://Relay.Example.com/gun ").webSocket())
                .isEqualTo(URI.create("wss://relay.example.com/gun"));
        assertThat(RelayUrl.parse("k", "http://host:8765").webSocket()).isEqualTo(URI.create("ws://host:8765/gun"));
        assertThat(RelayUrl.parse("k", "ws://host:1/custom").webSocket()).isEqualTo(URI.create("ws://host:1/custom"));
        assertThat(RelayUrl.parse("k", " http://h:1/gun ").id()).isEqualTo("http://h:1/gun");
    }

    @Test
    void recognisesTheSameRelayInAnySpelling() {
        final RelayUrl relay = RelayUrl.parse("k", "http://127.0.0.1:8765/gun");
        assertThat(relay.sameRelay("http://127.0.0.1:8765/gun")).isTrue();
        assertThat(relay.sameRelay("ws://127.0.0.1:8765/gun")).isTrue();
        assertThat(relay.sameRelay("http://127.0.0.1:8765")).isTrue();
        assertThat(relay.sameRelay("http://127.0.0.1:8766/gun")).isFalse();
        assertThat(relay.sameRelay("streams-app")).isFalse();
        assertThat(relay.sameRelay(null)).isFalse();
    }

    @Test
    void refusesOtherSchemesNamingTheSetting() {
        assertThatThrownBy(() -> RelayUrl.parse("gun.relays", "ftp://h/gun")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("gun.relays").hasMessageContaining("http(s)://");
        assertThatThrownBy(() -> RelayUrl.parse("gun.relays", "127.0.0.1:8765")).isInstanceOf(ConfigException.class);
    }

    @Test
    void backoffDoublesUpToItsCap() {
        final Backoff backoff = new Backoff(100, 1_000);
        assertThat(backoff.delayMs(1)).isEqualTo(100);
        assertThat(backoff.delayMs(2)).isEqualTo(200);
        assertThat(backoff.delayMs(4)).isEqualTo(800);
        assertThat(backoff.delayMs(5)).isEqualTo(1_000);
        assertThat(backoff.delayMs(500)).isEqualTo(1_000);
    }
}
