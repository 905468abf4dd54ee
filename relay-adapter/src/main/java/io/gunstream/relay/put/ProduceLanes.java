package io.gunstream.relay.put;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Bounded single-thread lanes that call the Kafka producer off the socket threads: {@code producer.send} may block
 * up to {@code max.block.ms} (no metadata while the broker is down, buffer full), which must never stall a
 * connection. Work for one key (a connection) always runs on the same lane, in order. A full lane refuses work
 * ({@link #submit} returns false) so the caller answers {@code err}: back-pressure, never a silent drop.
 *
 * <p>Lifecycle: threads start with the first task; {@link #close()} stops taking work, lets queued work run for a
 * short while and then interrupts it; idempotent.
 */
public final class ProduceLanes implements AutoCloseable {

    private final ThreadPoolExecutor[] lanes;
    private final int capacity;

    /**
     * @param name     thread name prefix
     * @param threads  number of lanes (one thread each)
     * @param capacity tasks waiting at most, over all lanes (each lane holds its share, at least one)
     */
    public ProduceLanes(final String name, final int threads, final int capacity) {
        if (threads < 1 || capacity < 1) {
            throw new IllegalArgumentException("produce lanes need at least one thread and one queue slot, got "
                    + threads + " threads and capacity " + capacity);
        }
        this.lanes = new ThreadPoolExecutor[threads];
        this.capacity = capacity;
        final int each = Math.max(1, capacity / threads);
        for (int i = 0; i < threads; i++) {
            final String threadName = name + "-" + i;
            lanes[i] = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(each), r -> {
                final Thread t = new Thread(r, threadName);
                t.setDaemon(true);
                return t;
            }, new ThreadPoolExecutor.AbortPolicy());
        }
    }

    /** Queues {@code task} on the lane of {@code key}; false when that lane is full or closed. */
    public boolean submit(final String key, final Runnable task) {
        final ThreadPoolExecutor lane = lanes[Math.floorMod(key.hashCode(), lanes.length)];
        try {
            lane.execute(task);
            return true;
        } catch (final RejectedExecutionException e) {
            return false;
        }
    }

    /** Tasks waiting (not yet running), over all lanes. */
    public int queued() {
        int n = 0;
        for (final ThreadPoolExecutor lane : lanes) {
            n += lane.getQueue().size();
        }
        return n;
    }

    /** The configured capacity over all lanes. */
    public int capacity() {
        return capacity;
    }

    @Override
    public void close() {
        for (final ThreadPoolExecutor lane : lanes) {
            lane.shutdown();
        }
        for (final ThreadPoolExecutor lane : lanes) {
            try {
                if (!lane.awaitTermination(2, TimeUnit.SECONDS)) {
                    lane.shutdownNow();
                }
            } catch (final InterruptedException e) {
                lane.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }
}
