package io.gunstream.relay.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Load on a Gun relay over raw WebSockets, in the Gun wire protocol: {@code connections} writers each keep
 * {@code inFlight} puts outstanding (one new soul per put, explicit state), the next put going out when one is
 * answered; one subscriber connection asked for every {@code sampleEvery}-th soul before the load and records when
 * each arrives. Frames are scanned for {@code "@":"id"} (acks) and {@code "_":{"#":"soul"} (pushed nodes), not
 * parsed, so the generator stays cheap next to a relay that broadcasts every put to every peer (gun.js).
 */
final class LoadGenerator {

    /** What one run measured; latencies in microseconds. */
    record Result(String label, int connections, int inFlight, int puts, long acked, long errors, long unanswered,
                  double seconds, long ackP50, long ackP99, long subSamples, long subReceived, long subP50, long subP99) {

        double ackedPerSecond() {
            return acked / seconds;
        }
    }

    private final URI url;
    private final String tag;
    private final int connections;
    private final int inFlight;
    private final int putsPerConnection;
    private final int sampleEvery;
    private final long state = System.currentTimeMillis() - 1000;
    private final AtomicLongArray[] sentAt;
    private final AtomicLongArray[] ackedAt;
    private final AtomicLongArray[] seenAt;
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final long lostAfterNanos;
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong lastAck = new AtomicLong();
    private final AtomicInteger getsAnswered = new AtomicInteger();
    private CountDownLatch done;

    LoadGenerator(final URI url, final String tag, final int connections, final int inFlight, final int puts,
                  final int sampleEvery, final Duration lostAfter) {
        this.lostAfterNanos = lostAfter.toNanos();
        this.url = url;
        this.tag = tag;
        this.connections = connections;
        this.inFlight = inFlight;
        this.putsPerConnection = Math.max(1, puts / connections);
        this.sampleEvery = sampleEvery;
        this.sentAt = new AtomicLongArray[connections];
        this.ackedAt = new AtomicLongArray[connections];
        this.seenAt = new AtomicLongArray[connections];
        for (int c = 0; c < connections; c++) {
            sentAt[c] = new AtomicLongArray(putsPerConnection);
            ackedAt[c] = new AtomicLongArray(putsPerConnection);
            seenAt[c] = new AtomicLongArray(putsPerConnection);
        }
    }

    private String soul(final int c, final int seq) {
        return tag + "/" + c + "/" + seq;
    }

    private String put(final int c, final int seq) {
        final String soul = soul(c, seq);
        return "{\"#\":\"p" + tag + "." + c + "_" + seq + "\",\"put\":{\"" + soul + "\":{\"_\":{\"#\":\"" + soul + "\",\">\":{\"v\":"
                + state + "}},\"v\":" + seq + "}}}";
    }

    /** Runs the load; returns when every put was answered or {@code deadline} passed. */
    Result run(final Duration deadline) throws Exception {
        final ExecutorService callbacks = Executors.newFixedThreadPool(2, r -> {
            final Thread t = new Thread(r, "load-" + tag);
            t.setDaemon(true);
            return t;
        });
        final HttpClient http = HttpClient.newBuilder().executor(callbacks).build();
        final List<Writer> writers = new ArrayList<>();
        Subscriber subscriber = null;
        try {
            subscriber = new Subscriber(http);
            subscriber.subscribe(deadline);
            for (int c = 0; c < connections; c++) {
                writers.add(new Writer(c, http));
            }
            for (final Writer w : writers) {
                w.ws.join();
            }
            done = new CountDownLatch(connections);
            final long start = System.nanoTime();
            for (final Writer w : writers) {
                w.start();
            }
            final long until = start + deadline.toNanos();
            while (!done.await(500, TimeUnit.MILLISECONDS) && System.nanoTime() < until) {
                sweepLost(writers);
            }
            final long end = Math.max(lastAck.get(), start + 1);
            // give the subscriber the time the slowest ack took at most, bounded, for the last changes to arrive
            final Subscriber sampled = subscriber;
            awaitBounded("subscriber received the sampled changes", Duration.ofSeconds(30),
                    () -> sampled.received() >= samples());
            return result(start, end);
        } finally {
            for (final Writer w : writers) {
                w.ws.thenAccept(WebSocket::abort);
            }
            if (subscriber != null) {
                subscriber.ws.abort();
            }
            callbacks.shutdownNow();
        }
    }

    /**
     * A put without any answer after {@code lostAfter} is counted lost and its slot reused, so a relay that drops
     * acks (gun.js does under this load) keeps facing {@code inFlight} puts per connection.
     */
    private void sweepLost(final List<Writer> writers) {
        final long now = System.nanoTime();
        for (final Writer w : writers) {
            final int sent = Math.min(w.next.get(), putsPerConnection);
            for (int seq = w.lowWater; seq < sent; seq++) {
                final long at = sentAt[w.c].get(seq);
                if (ackedAt[w.c].get(seq) != 0) {
                    if (seq == w.lowWater) {
                        w.lowWater++;
                    }
                    continue;
                }
                if (at > 0 && now - at > lostAfterNanos && ackedAt[w.c].compareAndSet(seq, 0, -2)) {
                    lost.incrementAndGet();
                    w.answered(now, false);
                }
            }
        }
    }

    /**
     * Waits until the condition holds or the bound passes, whichever comes first, and says which: a benchmark measures
     * what it has by then instead of failing the run.
     */
    static boolean awaitBounded(final String what, final Duration bound, final Callable<Boolean> condition) {
        try {
            Awaitility.await(what).atMost(bound).pollInterval(Duration.ofMillis(50)).until(condition);
            return true;
        } catch (final ConditionTimeoutException e) {
            return false;
        }
    }

    private int samples() {
        int n = 0;
        for (int c = 0; c < connections; c++) {
            for (int seq = 0; seq < putsPerConnection; seq++) {
                n += sampled(c, seq) ? 1 : 0;
            }
        }
        return n;
    }

    private boolean sampled(final int c, final int seq) {
        return (c * 31 + seq) % sampleEvery == 0;
    }

    private Result result(final long start, final long end) {
        final long[] ack = new long[(int) Math.min(Integer.MAX_VALUE, acked.get())];
        final List<Long> sub = new ArrayList<>();
        int a = 0;
        long unanswered = 0;
        long subSamples = 0;
        for (int c = 0; c < connections; c++) {
            for (int seq = 0; seq < putsPerConnection; seq++) {
                final long sent = sentAt[c].get(seq);
                final long ok = ackedAt[c].get(seq);
                if (ok > 0 && a < ack.length) {
                    ack[a++] = ok - sent;
                } else if (ok == 0 || ok == -2) {
                    unanswered++;
                }
                if (sampled(c, seq)) {
                    subSamples++;
                    final long seen = seenAt[c].get(seq);
                    if (seen > 0 && sent > 0) {
                        sub.add(Math.max(0, seen - sent));
                    }
                }
            }
        }
        final long[] ackSorted = Arrays.copyOf(ack, a);
        Arrays.sort(ackSorted);
        final long[] subSorted = sub.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Result(tag, connections, inFlight, connections * putsPerConnection, acked.get(), errors.get(),
                unanswered, (end - start) / 1e9, pct(ackSorted, 50), pct(ackSorted, 99), subSamples,
                subSorted.length, pct(subSorted, 50), pct(subSorted, 99));
    }

    private static long pct(final long[] sorted, final int p) {
        if (sorted.length == 0) {
            return -1;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1000;
    }

    /** One writer connection: keeps {@code inFlight} puts outstanding. */
    private final class Writer implements WebSocket.Listener {
        private final int c;
        private final CompletableFuture<WebSocket> ws;
        private final StringBuilder partial = new StringBuilder();
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger answered = new AtomicInteger();
        private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
        private int lowWater;

        Writer(final int c, final HttpClient http) {
            this.c = c;
            this.ws = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30)).buildAsync(url, this);
        }

        void answered(final long now, final boolean ok) {
            if (ok) {
                lastAck.accumulateAndGet(now, Math::max);
            }
            if (answered.incrementAndGet() == putsPerConnection) {
                done.countDown();
            }
            sendNext();
        }

        void start() {
            for (int i = 0; i < inFlight; i++) {
                sendNext();
            }
        }

        private void sendNext() {
            final int seq = next.getAndIncrement();
            if (seq >= putsPerConnection) {
                return;
            }
            final String text = put(c, seq);
            synchronized (this) {
                // the JDK WebSocket takes one send at a time: chain them
                sending = sending.thenCompose(x -> {
                    sentAt[c].set(seq, System.nanoTime());
                    return ws.join().sendText(text, true);
                });
            }
        }

        @Override
        public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data, final boolean last) {
            partial.append(data);
            if (last) {
                scan(partial);
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        private void scan(final CharSequence text) {
            final String s = text.toString();
            final String mine = "\"@\":\"p" + tag + "." + c + "_";
            int at = s.indexOf(mine);
            while (at >= 0) {
                final int from = at + mine.length();
                final int end = s.indexOf('"', from);
                final int seq = Integer.parseInt(s, from, end, 10);
                final int nextAck = s.indexOf("\"@\":\"", end);
                final String body = s.substring(end, nextAck < 0 ? s.length() : nextAck);
                final long now = System.nanoTime();
                if (seq < putsPerConnection && ackedAt[c].compareAndSet(seq, 0, now)) {
                    if (body.contains("\"err\"")) {
                        errors.incrementAndGet();
                        ackedAt[c].set(seq, -1);
                        answered(now, false);
                    } else {
                        acked.incrementAndGet();
                        answered(now, true);
                    }
                }
                at = s.indexOf(mine, end);
            }
        }
    }

    /** The subscriber: asks for the sampled souls, then records when each one's put arrives. */
    private final class Subscriber implements WebSocket.Listener {
        private final WebSocket ws;
        private final StringBuilder partial = new StringBuilder();
        private final AtomicInteger received = new AtomicInteger();

        Subscriber(final HttpClient http) {
            this.ws = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30)).buildAsync(url, this).join();
        }

        void subscribe(final Duration deadline) throws InterruptedException {
            int gets = 0;
            StringBuilder batch = new StringBuilder("[");
            for (int c = 0; c < connections; c++) {
                for (int seq = 0; seq < putsPerConnection; seq++) {
                    if (!sampled(c, seq)) {
                        continue;
                    }
                    if (batch.length() > 1) {
                        batch.append(',');
                    }
                    batch.append("{\"#\":\"g").append(tag).append('.').append(gets++).append("\",\"get\":{\"#\":\"").append(soul(c, seq)).append("\"}}");
                    if (gets % 100 == 0) {
                        ws.sendText(batch.append(']').toString(), true).join();
                        batch = new StringBuilder("[");
                    }
                }
            }
            if (batch.length() > 1) {
                ws.sendText(batch.append(']').toString(), true).join();
            }
            // gets of souls nobody wrote yet: a relay answers "not found" (ours) or may stay silent (gun.js, which
            // broadcasts every put anyway); wait for the answers we get, bounded
            final int asked = gets;
            awaitBounded("subscriber's gets answered", deadline.compareTo(Duration.ofSeconds(20)) < 0 ? deadline : Duration.ofSeconds(20),
                    () -> getsAnswered.get() >= asked);
        }

        int received() {
            return received.get();
        }

        @Override
        public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data, final boolean last) {
            partial.append(data);
            if (last) {
                scan(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        private void scan(final String s) {
            final String answer = "\"@\":\"g" + tag + ".";
            int g = s.indexOf(answer);
            while (g >= 0) {
                getsAnswered.incrementAndGet();
                g = s.indexOf(answer, g + answer.length());
            }
            final String marker = "\"_\":{\"#\":\"" + tag + "/";
            int at = s.indexOf(marker);
            while (at >= 0) {
                final int from = at + marker.length();
                final int slash = s.indexOf('/', from);
                final int end = s.indexOf('"', slash);
                final int c = Integer.parseInt(s, from, slash, 10);
                final int seq = Integer.parseInt(s, slash + 1, end, 10);
                if (c < connections && seq < putsPerConnection && sampled(c, seq)
                        && seenAt[c].compareAndSet(seq, 0, System.nanoTime())) {
                    received.incrementAndGet();
                }
                at = s.indexOf(marker, end);
            }
        }
    }
}
