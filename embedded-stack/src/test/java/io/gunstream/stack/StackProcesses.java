package io.gunstream.stack;

import io.gunstream.stack.kafka.EmbeddedKafkaBroker;
import io.gunstream.stack.net.LoopbackPorts;
import io.gunstream.stack.postgres.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Ports and processes of a stack, for tests. Needs nothing but embedded-stack's own classes, so
 * {@link StackChildMain} can use it on a class path without s3proxy and the AWS SDK.
 */
final class StackProcesses {

    private StackProcesses() {
    }

    /** Every TCP port the stack listens on, by what it is, e.g. {@code kafka.controller -> 41234}. */
    static Map<String, Integer> ports(final EmbeddedStack stack) {
        final Map<String, Integer> ports = new TreeMap<>();
        final EmbeddedKafkaBroker kafka = (EmbeddedKafkaBroker) stack.kafka();
        ports.put("kafka", kafka.port());
        ports.put("kafka.controller", kafka.controllerPort());
        stack.addresses().forEach((component, address) -> {
            if (component != StackComponent.KAFKA) {
                ports.put(component.key(), component == StackComponent.POSTGRES
                        ? stack.postgres().port() : URI.create(address).getPort());
            }
        });
        return ports;
    }

    /** The ports of {@code ports} that something still listens on (empty when all are free). */
    static List<String> taken(final Map<String, Integer> ports) {
        final List<String> taken = new ArrayList<>();
        ports.forEach((name, port) -> {
            if (!LoopbackPorts.isFree(port)) {
                taken.add(name + ":" + port);
            }
        });
        return taken;
    }

    /** The postmaster of the stack's PostgreSQL, when it runs one. */
    static Optional<Long> postgresPid(final EmbeddedStack stack) {
        return stack.has(StackComponent.POSTGRES) ? Optional.of(((EmbeddedPostgres) stack.postgres()).pid())
                : Optional.empty();
    }

    /** Exited children stay zombies until init reaps them; that is not running. */
    static boolean running(final long pid) {
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            try {
                final String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
            } catch (IOException e) {
                return false; // gone between the two checks
            }
        }
        return false;
    }
}
