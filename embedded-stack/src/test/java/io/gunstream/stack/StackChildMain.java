package io.gunstream.stack;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

/**
 * Run in a child JVM by {@link EmbeddedStackProcessIT}: starts an {@link EmbeddedStack} and prints
 * {@code READY <start ms> <postmaster pid or -1> <name=port,...>}, then waits for SIGTERM (the stack's shutdown hook
 * stops it). A start failure prints {@code FAILED <message>} and exits with 2.
 *
 * <p>Arguments: {@code <data dir or "-" for a temporary one> [--plugins DIR] [--without-s3] [--without-connect]}.
 */
public final class StackChildMain {

    private StackChildMain() {
    }

    public static void main(final String[] args) throws InterruptedException {
        final EmbeddedStack.Builder builder = EmbeddedStack.builder();
        if (!"-".equals(args[0])) {
            builder.dataDir(Path.of(args[0]));
        }
        final List<String> options = List.of(args).subList(1, args.length);
        for (int i = 0; i < options.size(); i++) {
            switch (options.get(i)) {
                case "--plugins" -> builder.connectPluginPath(Path.of(options.get(++i)));
                case "--without-s3" -> builder.withoutS3();
                case "--without-connect" -> builder.withoutConnect();
                default -> throw new IllegalArgumentException("Unknown option " + options.get(i));
            }
        }
        final EmbeddedStack stack;
        try {
            stack = builder.start();
        } catch (EmbeddedStackException e) {
            System.out.println("FAILED " + e.getMessage());
            System.exit(2);
            return;
        }
        System.out.println("READY " + stack.startupTime().toMillis() + " " + StackProcesses.postgresPid(stack).orElse(-1L)
                + " " + StackProcesses.ports(stack).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(",")));
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
