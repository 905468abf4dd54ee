package io.gunstream.relay.bench;

import io.gunstream.relay.server.GunRelay;
import java.util.HashMap;
import java.util.Map;

/**
 * A relay in its own JVM for the load benchmark, so its resident memory can be read on its own: settings as
 * {@code key=value} arguments; prints {@code READY <ws url>} and stops when its stdin closes.
 */
public final class RelayChildMain {

    private RelayChildMain() {
    }

    public static void main(final String[] args) throws Exception {
        final Map<String, String> settings = new HashMap<>();
        for (final String arg : args) {
            final int eq = arg.indexOf('=');
            settings.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        try (GunRelay relay = GunRelay.start(settings)) {
            System.out.println("READY " + relay.url() + " " + relay.httpUrl());
            System.out.flush();
            while (System.in.read() >= 0) {
                // until the parent closes our stdin
            }
        }
    }
}
