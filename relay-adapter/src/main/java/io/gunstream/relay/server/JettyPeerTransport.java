package io.gunstream.relay.server;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import java.util.function.Function;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;

/**
 * A client connection on Jetty's core WebSocket API: joins fragmented text messages, bounds their size, and hands
 * whole frames to the {@link GunProtocol}. Messages over the frame limit are read to their end and answered
 * {@code Message too big!}; over four times the limit the connection is closed (1009).
 */
final class JettyPeerTransport implements FrameHandler, PeerTransport {

    private final GunProtocol protocol;
    private final Function<PeerTransport, Peer> peers;
    private final int frameLimit;
    private final long hardLimit;
    private final Runnable onClosed;
    private final ByteArrayOutputStream message = new ByteArrayOutputStream();
    private long messageBytes;
    private volatile CoreSession session;
    private Peer peer;

    JettyPeerTransport(final GunProtocol protocol, final Function<PeerTransport, Peer> peers, final int frameLimit,
                       final Runnable onClosed) {
        this.protocol = protocol;
        this.peers = peers;
        this.frameLimit = frameLimit;
        this.hardLimit = 4L * frameLimit;
        this.onClosed = onClosed;
    }

    @Override
    public void onOpen(final CoreSession coreSession, final Callback callback) {
        session = coreSession;
        peer = peers.apply(this);
        callback.succeeded();
        protocol.opened(peer);
        coreSession.demand();
    }

    @Override
    public void onFrame(final Frame frame, final Callback callback) {
        final byte op = frame.getOpCode();
        if (op == OpCode.TEXT || op == OpCode.BINARY || op == OpCode.CONTINUATION) {
            messageBytes += frame.getPayloadLength();
            if (messageBytes > hardLimit) {
                callback.succeeded();
                close(1009, "message over " + hardLimit + " bytes");
                return;
            }
            if (messageBytes <= frameLimit + 1L && frame.hasPayload()) {
                final ByteBuffer payload = frame.getPayload().slice();
                final byte[] bytes = new byte[payload.remaining()];
                payload.get(bytes);
                message.writeBytes(bytes);
            }
            if (frame.isFin()) {
                final byte[] whole;
                if (messageBytes > frameLimit) {
                    // the codec answers "Message too big!" from the size alone; no need to keep the bytes
                    whole = new byte[frameLimit + 1];
                    java.util.Arrays.fill(whole, (byte) ' ');
                } else {
                    whole = message.toByteArray();
                }
                message.reset();
                messageBytes = 0;
                try {
                    protocol.frame(peer, whole);
                } finally {
                    callback.succeeded();
                }
            } else {
                callback.succeeded();
            }
        } else {
            callback.succeeded();
        }
        if (op != OpCode.CLOSE) {
            session.demand();
        }
    }

    @Override
    public void onError(final Throwable cause, final Callback callback) {
        callback.succeeded();
    }

    @Override
    public void onClosed(final CloseStatus closeStatus, final Callback callback) {
        if (peer != null) {
            protocol.closed(peer);
        }
        onClosed.run();
        callback.succeeded();
    }

    @Override
    public void send(final String frame, final Runnable done, final Consumer<Throwable> failed) {
        final CoreSession s = session;
        if (s == null || !s.isOutputOpen()) {
            failed.accept(new IllegalStateException("socket closed"));
            return;
        }
        s.sendFrame(new Frame(OpCode.TEXT, frame), Callback.from(done, failed), false);
    }

    @Override
    public void close(final int code, final String reason) {
        final CoreSession s = session;
        if (s != null && !s.isClosed()) {
            s.close(code, reason, Callback.NOOP);
        }
    }

    @Override
    public String describe() {
        final CoreSession s = session;
        return s == null ? "not connected" : String.valueOf(s.getRemoteAddress());
    }
}
