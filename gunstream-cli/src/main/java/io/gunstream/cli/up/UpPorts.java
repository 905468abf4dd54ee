package io.gunstream.cli.up;

import io.gunstream.cli.CliException;
import io.gunstream.stack.StackComponent;
import io.gunstream.stack.net.LoopbackPorts;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ports of {@code gunstream up}, each tied to the flag that sets it, so a port problem names the flag to change.
 * 0 means a free port. All listen on 127.0.0.1.
 */
public record UpPorts(int relay, int query, int kafka, int connect, int pg, int s3) {

    public UpPorts {
        final Map<Integer, String> seen = new HashMap<>();
        final int[] values = {relay, query, kafka, connect, pg, s3};
        final String[] flags = {"--relay-port", "--query-port", "--kafka-port", "--connect-port", "--pg-port", "--s3-port"};
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 0 || values[i] > 65535) {
                throw new CliException(flags[i] + " must be 0 (a free port) or 1-65535, got " + values[i]);
            }
            final String other = values[i] == 0 ? null : seen.putIfAbsent(values[i], flags[i]);
            if (other != null) {
                throw new CliException("port " + values[i] + " is given to both " + other + " and " + flags[i]
                        + ": give each service its own port");
            }
        }
    }

    /** Flag → port, in the order of the READY line. */
    public Map<String, Integer> byFlag() {
        final Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("--relay-port", relay);
        ports.put("--query-port", query);
        ports.put("--kafka-port", kafka);
        ports.put("--connect-port", connect);
        ports.put("--pg-port", pg);
        ports.put("--s3-port", s3);
        return ports;
    }

    /** The flag that sets the port of a stack service ({@code --kafka-port}, ...); null for the registry (free port). */
    public static String flagOf(final StackComponent component) {
        return switch (component) {
            case KAFKA -> "--kafka-port";
            case SCHEMA_REGISTRY -> null;
            case POSTGRES -> "--pg-port";
            case S3 -> "--s3-port";
            case CONNECT -> "--connect-port";
        };
    }

    /**
     * Fails before anything starts when a fixed port is taken, naming the flag: cheaper and clearer than a service
     * failing half-way through start-up.
     */
    public void requireFree() {
        byFlag().forEach((flag, port) -> {
            if (port > 0 && !LoopbackPorts.isFree(port)) {
                throw new CliException("port " + port + " (" + flag + ") is in use on 127.0.0.1: stop what uses it"
                        + " (another gunstream up?) or choose another port with " + flag + " " + suggestion(port));
            }
        });
    }

    private static String suggestion(final int port) {
        for (int candidate = port + 1; candidate < Math.min(65536, port + 100); candidate++) {
            if (LoopbackPorts.isFree(candidate)) {
                return Integer.toString(candidate);
            }
        }
        return "PORT";
    }
}
