package io.gunstream.stack.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Port helpers for services that listen on the loopback interface ({@code 127.0.0.1}).
 *
 * <p>A free port found here is free at the moment of the call only; services that cannot bind port 0 themselves
 * (a KRaft controller must name its port in the quorum voters, Connect's REST server advertises its port) use it
 * right away, which makes a race with another process unlikely but not impossible.
 */
public final class LoopbackPorts {

    /** The address every embedded service binds to. */
    public static final String HOST = "127.0.0.1";

    private LoopbackPorts() {
    }

    /** A port on {@link #HOST} that nothing listens on now, chosen by the operating system. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not find a free port on " + HOST, e);
        }
    }

    /** Whether {@code port} can be bound on {@link #HOST} right now. */
    public static boolean isFree(final int port) {
        try (ServerSocket socket = new ServerSocket()) {
            // Same as the servers: a socket of a just-closed server in TIME_WAIT must not count as taken.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code port} itself when it is above 0, otherwise a {@link #freePort() free port}. */
    public static int resolve(final int port) {
        return port > 0 ? port : freePort();
    }
}
