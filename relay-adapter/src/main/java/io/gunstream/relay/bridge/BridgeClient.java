package io.gunstream.relay.bridge;

import io.gunstream.relay.server.GunProtocol;
import io.gunstream.relay.server.Peer;
import io.gunstream.relay.server.PeerTransport;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bridge mode: the relay joins an existing gun.js relay as a peer (like a gun.js relay listed in another's
 * {@code peers}). The gun.js relay forwards its clients' puts and gets to us; we store the puts in Kafka (origin
 * = this bridge peer, so their changes are not sent back) and push every merged change to it. Reconnects after
 * {@code retry} whenever the connection drops.
 *
 * <p>Lifecycle: {@link #start()} connects in the background; {@link #close()} stops reconnecting and closes.
 */
public final class BridgeClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BridgeClient.class);

    private final URI url;
    private final GunProtocol protocol;
    private final Function<PeerTransport, Peer> peers;
    private final Duration retry;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        final Thread t = new Thread(r, "gun-relay-bridge");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;
    private volatile WebSocket socket;

    public BridgeClient(final URI url, final GunProtocol protocol, final Function<PeerTransport, Peer> peers,
                        final Duration retry) {
        this.url = url;
        this.protocol = protocol;
        this.peers = peers;
        this.retry = retry;
    }

    /** Whether the connection to the gun.js relay is open now. */
    public boolean connected() {
        final WebSocket w = socket;
        return w != null && !w.isInputClosed() && !w.isOutputClosed();
    }

    public void start() {
        connect();
    }

    private void connect() {
        if (closed) {
            return;
        }
        final Connection connection = new Connection();
        http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(url, connection)
                .whenComplete((ws, error) -> {
                    if (error != null) {
                        LOG.warn("Bridge peer {} unreachable ({}); retrying in {} ms", url, error.toString(), retry.toMillis());
                        timer.schedule(this::connect, retry.toMillis(), TimeUnit.MILLISECONDS);
                    }
                });
    }

    /** One connection attempt: the listener and transport of a {@link Peer} of kind BRIDGE. */
    private final class Connection implements WebSocket.Listener, PeerTransport {
        private final ByteArrayOutputStream text = new ByteArrayOutputStream();
        private volatile WebSocket ws;
        private Peer peer;
        private boolean gone;

        @Override
        public void onOpen(final WebSocket webSocket) {
            ws = webSocket;
            socket = webSocket;
            peer = peers.apply(this);
            LOG.info("Bridged to gun.js relay {} as {}", url, peer.id());
            protocol.opened(peer);
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data, final boolean last) {
            text.writeBytes(data.toString().getBytes(StandardCharsets.UTF_8));
            if (last) {
                final byte[] frame = text.toByteArray();
                text.reset();
                protocol.frame(peer, frame);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(final WebSocket webSocket, final int statusCode, final String reason) {
            gone();
            return null;
        }

        @Override
        public void onError(final WebSocket webSocket, final Throwable error) {
            LOG.warn("Bridge to {} failed: {}", url, error.toString());
            gone();
        }

        private synchronized void gone() {
            if (gone) {
                return;
            }
            gone = true;
            if (peer != null) {
                protocol.closed(peer);
            }
            if (!closed) {
                timer.schedule(BridgeClient.this::connect, retry.toMillis(), TimeUnit.MILLISECONDS);
            }
        }

        @Override
        public void send(final String frame, final Runnable done, final Consumer<Throwable> failed) {
            ws.sendText(frame, true).whenComplete((w, error) -> {
                if (error == null) {
                    done.run();
                } else {
                    failed.accept(error);
                }
            });
        }

        @Override
        public void close(final int code, final String reason) {
            final WebSocket w = ws;
            if (w != null && !w.isOutputClosed()) {
                w.sendClose(code, reason);
            }
            if (w != null) {
                w.abort();
            }
            gone();
        }

        @Override
        public String describe() {
            return url.toString();
        }
    }

    @Override
    public void close() {
        closed = true;
        final WebSocket w = socket;
        if (w != null) {
            w.abort();
        }
        timer.shutdownNow();
    }
}
