package io.gunstream.relay.fanout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The souls each gun.js peer (by the {@code pid} of its {@code dam} handshake) subscribed to, kept after it
 * disconnects. gun.js 0.2020.1241 does not re-send answered gets when it reconnects (its {@code 'hi'} handler
 * only repeats outstanding asks), so without this a client's {@code .on()} goes silent after a network drop or
 * a relay restart. Optionally saved to a file on close and loaded at start, so a restarted relay remembers too.
 * Thread-safe.
 */
public final class SubscriptionMemory {

    private record Entry(Set<String> souls, long until) {
    }

    private final Map<String, Entry> byPid = new ConcurrentHashMap<>();
    private final long retainMs;
    private final LongSupplier millis;
    private final Path file;

    /** @param file where to keep the memory across restarts, or null for memory only */
    public SubscriptionMemory(final long retainMs, final LongSupplier millis, final Path file) {
        this.retainMs = retainMs;
        this.millis = millis;
        this.file = file;
        if (file != null && Files.isRegularFile(file)) {
            load();
        }
    }

    /** Remembers what {@code pid} was subscribed to when its connection closed. */
    public void remember(final String pid, final Set<String> souls) {
        if (pid == null || souls.isEmpty() || retainMs == 0) {
            return;
        }
        byPid.merge(pid, new Entry(Set.copyOf(souls), millis.getAsLong() + retainMs), (old, fresh) -> {
            final Set<String> all = new java.util.HashSet<>(old.souls());
            all.addAll(fresh.souls());
            return new Entry(Set.copyOf(all), fresh.until());
        });
    }

    /** The souls {@code pid} subscribed to before, removed from the memory; empty if none or expired. */
    public Set<String> recall(final String pid) {
        if (pid == null) {
            return Set.of();
        }
        final Entry entry = byPid.remove(pid);
        return entry == null || entry.until() < millis.getAsLong() ? Set.of() : entry.souls();
    }

    /** Writes the memory to the file (one line per peer: pid, expiry, souls; tab-separated). */
    public void save() {
        if (file == null) {
            return;
        }
        final List<String> lines = new ArrayList<>();
        final long now = millis.getAsLong();
        byPid.forEach((pid, e) -> {
            if (e.until() >= now) {
                lines.add(escape(pid) + "\t" + e.until() + "\t" + String.join("\t", e.souls().stream().map(SubscriptionMemory::escape).toList()));
            }
        });
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            final Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, lines, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot save relay subscriptions to " + file + " (subscriptions.file)", e);
        }
    }

    private void load() {
        try {
            for (final String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                final String[] parts = line.split("\t");
                if (parts.length < 3) {
                    continue;
                }
                final Set<String> souls = new java.util.HashSet<>();
                for (int i = 2; i < parts.length; i++) {
                    souls.add(unescape(parts[i]));
                }
                byPid.put(unescape(parts[0]), new Entry(Set.copyOf(souls), Long.parseLong(parts[1])));
            }
        } catch (final IOException | RuntimeException e) {
            throw new IllegalStateException("Cannot read relay subscriptions from " + file
                    + " (subscriptions.file); delete it to start without them", e);
        }
    }

    private static String escape(final String s) {
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }

    private static String unescape(final String s) {
        final StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                final char n = s.charAt(++i);
                out.append(n == 't' ? '\t' : n == 'n' ? '\n' : n == 'r' ? '\r' : n);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    public int size() {
        return byPid.size();
    }
}
