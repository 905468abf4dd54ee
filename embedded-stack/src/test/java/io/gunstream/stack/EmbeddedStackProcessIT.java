package io.gunstream.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stack in a JVM of its own ({@link StackChildMain}): start-up time in a fresh JVM and on an existing data dir,
 * the resident memory of that JVM, SIGTERM stopping everything through the shutdown hook, and a class path without
 * the optional s3proxy.
 */
class EmbeddedStackProcessIT {

    @TempDir
    Path tmp;

    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void killChildren() {
        children.forEach(Process::destroyForcibly);
    }

    @Test
    void coldStartAndRestartInFreshJvmsFootprintAndSigtermStopsEverything() throws Exception {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        final Path dataDir = tmp.resolve("stack");
        final String plugins = EmbeddedStackIT.pluginsDir().toString();
        final String classPath = System.getProperty("java.class.path");

        for (String run : List.of("cold start, new data dir", "restart, existing data dir")) {
            final Child child = start(classPath, dataDir.toString(), "--plugins", plugins);
            final Ready ready = child.awaitReady();
            final Map<String, Long> jvm = procStatus(child.process.pid(), "VmRSS", "VmHWM");
            final long postgresPss = postgresPssKb(ready.postgresPid);
            System.out.printf("FIGURE whole stack (5 services) %s, fresh JVM: start %d ms; JVM VmRSS %d MB (peak VmHWM %d MB);"
                            + " PostgreSQL processes PSS %d MB%n", run, ready.startMillis, jvm.get("VmRSS") / 1024,
                    jvm.get("VmHWM") / 1024, postgresPss / 1024);
            System.out.println("FIGURE   " + child.line("Embedded stack ready"));

            final long stopBegin = System.nanoTime();
            child.process.toHandle().destroy(); // SIGTERM (Process.destroy would also close our end of its output)
            if (!child.process.waitFor(90, TimeUnit.SECONDS)) {
                throw new AssertionError("child JVM did not exit within 90 s of SIGTERM; its threads:\n"
                        + threadDump(child.process.pid()) + "\noutput so far:\n" + child.output);
            }
            System.out.printf("FIGURE   SIGTERM to JVM exit: %d ms%n", (System.nanoTime() - stopBegin) / 1_000_000);
            assertThat(StackProcesses.taken(ready.ports)).as("ports still taken after SIGTERM; output:\n" + child.output())
                    .isEmpty();
            await().atMost(Duration.ofSeconds(10)).until(() -> !StackProcesses.running(ready.postgresPid));
            assertThat(dataDir.resolve("postgres").resolve("postmaster.pid")).as("PostgreSQL shut down cleanly")
                    .doesNotExist();
            assertThat(child.output()).contains("Embedded stack stopped").doesNotContain("Unable to destroy");
        }
    }

    @Test
    void runsWithoutS3proxyOnTheClassPathUnlessS3IsWanted() throws Exception {
        final String[] fullClassPath = System.getProperty("java.class.path").split(File.pathSeparator);
        final String withoutS3proxy = Arrays.stream(fullClassPath)
                .filter(entry -> !entry.contains("/org/gaul/") && !entry.contains("/software/amazon/"))
                .collect(Collectors.joining(File.pathSeparator));
        assertThat(withoutS3proxy.split(File.pathSeparator).length).as("s3proxy and the AWS SDK removed")
                .isLessThan(fullClassPath.length - 20);

        final Child withoutS3 = start(withoutS3proxy, "-", "--without-s3", "--without-connect");
        final Ready ready = withoutS3.awaitReady();
        assertThat(ready.ports).containsOnlyKeys("kafka", "kafka.controller", "registry", "postgres");
        withoutS3.process.toHandle().destroy();
        assertThat(withoutS3.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(withoutS3.output()).doesNotContain("NoClassDefFoundError").doesNotContain("ClassNotFoundException");

        final Child withS3 = start(withoutS3proxy, "-", "--without-connect");
        assertThat(withS3.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(withS3.process.exitValue()).isEqualTo(2);
        assertThat(withS3.output()).contains("FAILED S3 is enabled but s3proxy").contains("org.gaul:s3proxy")
                .contains("withoutS3()")
                .doesNotContain("Kafka broker ready"); // refused before anything started
    }

    private Child start(final String classPath, final String... args) throws IOException {
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final List<String> command = new ArrayList<>(List.of(java, "-cp", classPath, StackChildMain.class.getName()));
        command.addAll(List.of(args));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        children.add(process);
        return new Child(process);
    }

    private static String threadDump(final long pid) throws IOException, InterruptedException {
        final Process jstack = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstack").toString(),
                Long.toString(pid)).redirectErrorStream(true).start();
        final String dump = new String(jstack.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        jstack.waitFor(30, TimeUnit.SECONDS);
        return dump;
    }

    /** Fields of {@code /proc/<pid>/status} in kB. */
    private static Map<String, Long> procStatus(final long pid, final String... fields) throws IOException {
        final Map<String, Long> values = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            for (String field : fields) {
                if (line.startsWith(field + ":")) {
                    values.put(field, Long.parseLong(line.replaceAll("[^0-9]", "")));
                }
            }
        }
        assertThat(values).containsOnlyKeys(fields);
        return values;
    }

    /** Proportional set size of the postmaster and its workers (shared buffers counted once), in kB. */
    private static long postgresPssKb(final long postmasterPid) {
        final ProcessHandle postmaster = ProcessHandle.of(postmasterPid).orElseThrow();
        return Stream.concat(Stream.of(postmaster), postmaster.children()).mapToLong(p -> {
            try {
                return Files.readAllLines(Path.of("/proc", Long.toString(p.pid()), "smaps_rollup")).stream()
                        .filter(l -> l.startsWith("Pss:")).mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
                        .sum();
            } catch (IOException e) {
                return 0; // a worker that just exited
            }
        }).sum();
    }

    private record Ready(long startMillis, long postgresPid, Map<String, Integer> ports) {
    }

    /** A child JVM whose output is collected by a thread; {@link #awaitReady()} waits for its READY line. */
    private static final class Child {

        private final Process process;
        private final CompletableFuture<String> ready = new CompletableFuture<>();
        private final CompletableFuture<Void> ended = new CompletableFuture<>();
        private final StringBuffer output = new StringBuffer();

        Child(final Process process) {
            this.process = process;
            final Thread reader = new Thread(this::read, "stack-child-output");
            reader.setDaemon(true);
            reader.start();
        }

        Ready awaitReady() throws Exception {
            final String[] fields = ready.get(180, TimeUnit.SECONDS).split(" ");
            final Map<String, Integer> ports = new LinkedHashMap<>();
            for (String entry : fields[3].split(",")) {
                final String[] nameAndPort = entry.split("=");
                ports.put(nameAndPort[0], Integer.parseInt(nameAndPort[1]));
            }
            return new Ready(Long.parseLong(fields[1]), Long.parseLong(fields[2]), ports);
        }

        /** Everything the child printed; waits until it has exited and its output is read to the end. */
        String output() throws Exception {
            ended.get(30, TimeUnit.SECONDS);
            return output.toString();
        }

        String line(final String containing) {
            return output.toString().lines().filter(l -> l.contains(containing)).findFirst().orElse("(no line with '"
                    + containing + "')");
        }

        private void read() {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    output.append(line).append('\n');
                    if (line.startsWith("READY ")) {
                        ready.complete(line);
                    }
                }
            } catch (IOException e) {
                output.append("(reading the child's output failed: ").append(e).append(")\n");
            }
            ready.completeExceptionally(new IllegalStateException("child JVM ended before READY:\n" + output));
            ended.complete(null);
        }
    }
}
