package io.gunstream.relay.server;

/**
 * The socket under a {@link Peer}: a Jetty server-side WebSocket for clients, a JDK client WebSocket for bridge
 * peers. {@link #send} is never called again before the previous send completed.
 */
public interface PeerTransport {

    /** Sends one text frame; calls exactly one of {@code done} or {@code failed} when the write finished. */
    void send(String frame, Runnable done, java.util.function.Consumer<Throwable> failed);

    /** Closes the socket with a WebSocket close code and reason; idempotent. */
    void close(int code, String reason);

    /** Remote address or URL, for logs. */
    String describe();
}
