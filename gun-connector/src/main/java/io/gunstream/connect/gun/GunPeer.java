package io.gunstream.connect.gun;

import io.gunstream.core.wire.GunMessage;
import io.gunstream.core.wire.RawJson;
import io.gunstream.core.wire.ReadResult;
import io.gunstream.core.wire.WireCodec;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Gun peer connected to one gun.js relay over WebSocket (the JDK's {@code java.net.http.WebSocket}), speaking gun's
 * wire protocol as a gun.js client does: the {@code dam:'?'} handshake with its own pid, messages and batched frames
 * through {@link WireCodec}, duplicate ids dropped, and every put reply acknowledged with {@code {"@": id, ok: true}}.
 * A lost connection is re-opened with {@link Backoff}; the {@link Handler} hears of each (re)connection, so it can
 * re-subscribe.
 *
 * <p>Lifecycle: construct, {@link #start()} (returns at once; connects in the background), {@link #send} from any
 * thread, {@link #close()} (idempotent). Handler callbacks run on the WebSocket's thread, one at a time.
 */
public final class GunPeer implements AutoCloseable {

    /** What the owner of a peer hears. Callbacks must not block for long: they hold up the connection's reader. */
    public interface Handler {
        /** The connection is open and the handshake was sent; (re)subscribe here. */
        void onConnected(GunPeer peer);

        /** A message that is not a duplicate and not mesh control ({@code dam}). */
        void onMessage(GunPeer peer, GunMessage message);

        /** The connection was lost or could not be opened; the peer retries after a backoff. */
        default void onDisconnected(final GunPeer peer, final String reason) {
        }
    }

    private static final Logger log = LoggerFactory.getLogger(GunPeer.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final RelayUrl relay;
    private final WireCodec codec;
    private final Backoff backoff;
    private final Handler handler;
    private final MessageIds ids = new MessageIds(10_000);
    private final String pid;
    private final HttpClient http;
    private final ScheduledExecutorService scheduler;
    private final Object sendLock = new Object();

    private volatile WebSocket socket;
    private volatile String relayPid;
    private volatile boolean closed;
    private CompletableFuture<?> sendChain = CompletableFuture.completedFuture(null);
    private int failures;

    public GunPeer(final RelayUrl relay, final WireCodec codec, final Backoff backoff, final Handler handler) {
        this.relay = relay;
        this.codec = codec;
        this.backoff = backoff;
        this.handler = handler;
        this.pid = ids.next();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            final Thread thread = new Thread(r, "gun-peer-" + relay.webSocket().getAuthority());
            thread.setDaemon(true);
            return thread;
        });
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).executor(scheduler).build();
    }

    /** Starts connecting in the background. */
    public void start() {
        scheduler.execute(this::connect);
    }

    /**
     * Runs {@code task} every {@code periodMs} on the peer's thread (the one the handler's callbacks run on, so the
     * two never race) until {@link #close()}.
     */
    public void every(final long periodMs, final Runnable task) {
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("Periodic task of the peer for relay {} failed: {}", relay, e.toString(), e);
            }
        }, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    public RelayUrl relay() {
        return relay;
    }

    /** This peer's id in the {@code dam} handshake. */
    public String pid() {
        return pid;
    }

    /** The relay's pid from its handshake, or null before it arrived. */
    public String relayPid() {
        return relayPid;
    }

    /** False once {@link #close()} was called. */
    public boolean isOpen() {
        return !closed;
    }

    public boolean isConnected() {
        return socket != null && !closed;
    }

    /** A fresh gun-style message id. */
    public String newId() {
        return ids.next();
    }

    /**
     * Sends {@code messages} as one frame (one bare message, several as a batch {@code [...]}) and remembers their ids
     * so echoes are dropped. Returns false when not connected (nothing is queued: callers retry after reconnecting).
     */
    public boolean send(final List<GunMessage> messages) {
        if (messages.isEmpty()) {
            return true;
        }
        final WebSocket ws = socket;
        if (ws == null || closed) {
            return false;
        }
        messages.forEach(m -> ids.firstTime(m.id()));
        final String frame = codec.write(messages);
        synchronized (sendLock) {
            // The JDK WebSocket allows one outstanding sendText: chain the frames.
            sendChain = sendChain.handle((r, e) -> null).thenCompose(ignored -> ws.sendText(frame, true))
                    .whenComplete((r, e) -> {
                        if (e != null) {
                            log.debug("Sending to {} failed: {}", relay, e.toString());
                        }
                    });
        }
        return true;
    }

    public boolean send(final GunMessage message) {
        return send(List.of(message));
    }

    private void connect() {
        if (closed) {
            return;
        }
        http.newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT).buildAsync(relay.webSocket(), new Listener())
                .whenComplete((ws, error) -> {
                    if (error != null) {
                        reconnectLater("connect failed: " + rootMessage(error));
                    } else if (closed) {
                        ws.sendClose(WebSocket.NORMAL_CLOSURE, "closed");
                    }
                });
    }

    /** On the listener's thread, so the handler's subscription and the relay's first replies never race. */
    private void opened(final WebSocket ws) {
        synchronized (sendLock) {
            sendChain = CompletableFuture.completedFuture(null);
        }
        socket = ws;
        failures = 0;
        log.info("Gun peer {} connected to relay {} ({})", pid, relay, relay.webSocket());
        send(GunMessage.builder().id(ids.next()).dam("?").pid(pid).build());
        try {
            handler.onConnected(this);
        } catch (RuntimeException e) {
            log.error("Handler failed on connecting to relay {}: {}", relay, e.toString(), e);
        }
    }

    private void reconnectLater(final String reason) {
        socket = null;
        relayPid = null;
        if (closed) {
            return;
        }
        failures++;
        final long delay = backoff.delayMs(failures);
        log.warn("Gun relay {} unreachable ({}); reconnecting in {} ms (attempt {})", relay, reason, delay, failures + 1);
        handler.onDisconnected(this, reason);
        try {
            scheduler.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    private void onFrame(final String frame) {
        final ReadResult read;
        try {
            read = codec.readEach(frame);
        } catch (IllegalArgumentException e) {
            log.warn("Unreadable frame from relay {} dropped: {}", relay, e.getMessage());
            return;
        }
        read.rejected().forEach(r -> log.warn("Message {} from relay {} refused: {}", r.messageId(), relay,
                r.error().getMessage()));
        for (GunMessage message : read.messages()) {
            if (!ids.firstTime(message.id())) {
                continue;
            }
            if (message.isDam()) {
                onDam(message);
                continue;
            }
            if (message.hasPut() && message.replyTo() != null && message.id() != null) {
                // gun.js clients acknowledge every put reply they receive.
                send(GunMessage.builder().id(ids.next()).replyTo(message.id()).ok(RawJson.TRUE).build());
            }
            try {
                handler.onMessage(this, message);
            } catch (RuntimeException e) {
                log.error("Handler failed on a message from relay {}: {}", relay, e.toString(), e);
            }
        }
    }

    private void onDam(final GunMessage message) {
        if ("?".equals(message.dam())) {
            if (message.pid() != null) {
                relayPid = message.pid();
            }
            if (message.replyTo() == null && message.id() != null) {
                send(GunMessage.builder().id(ids.next()).replyTo(message.id()).dam("?").pid(pid).build());
            }
        } else if ("!".equals(message.dam())) {
            log.warn("Relay {} reports an error: {}", relay, message.err());
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        final WebSocket ws = socket;
        socket = null;
        if (ws != null) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "closing").orTimeout(2, TimeUnit.SECONDS)
                    .whenComplete((r, e) -> ws.abort());
        }
        scheduler.shutdown();
    }

    @Override
    public String toString() {
        return "GunPeer[" + pid + " -> " + relay + "]";
    }

    private static String rootMessage(final Throwable error) {
        Throwable t = error;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.toString();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public void onOpen(final WebSocket ws) {
            if (closed) {
                ws.abort();
                return;
            }
            opened(ws);
            ws.request(1);
        }

        @Override
        public CompletionStage<?> onText(final WebSocket ws, final CharSequence data, final boolean last) {
            partial.append(data);
            if (last) {
                final String frame = partial.toString();
                partial.setLength(0);
                onFrame(frame);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(final WebSocket ws, final int statusCode, final String reason) {
            if (socket == ws) {
                reconnectLater("closed by relay: " + statusCode + " " + reason);
            }
            return null;
        }

        @Override
        public void onError(final WebSocket ws, final Throwable error) {
            if (socket == ws) {
                reconnectLater(rootMessage(error));
            }
        }
    }
}
