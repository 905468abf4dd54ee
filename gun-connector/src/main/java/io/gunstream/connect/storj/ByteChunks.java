package io.gunstream.connect.storj;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An in-memory object body in fixed-size chunks: grows without copying, and any range can be read again as a stream
 * (a part of a multipart upload, or a retry of one). Not thread-safe.
 */
final class ByteChunks extends OutputStream {

    static final int CHUNK_SIZE = 1 << 20;

    private final List<byte[]> chunks = new ArrayList<>();
    private long size;

    @Override
    public void write(final int b) {
        final int within = (int) (size % CHUNK_SIZE);
        if (within == 0) {
            chunks.add(new byte[CHUNK_SIZE]);
        }
        chunks.get(chunks.size() - 1)[within] = (byte) b;
        size++;
    }

    @Override
    public void write(final byte[] source, final int offset, final int length) {
        Objects.checkFromIndexSize(offset, length, source.length);
        int from = offset;
        int remaining = length;
        while (remaining > 0) {
            final int within = (int) (size % CHUNK_SIZE);
            if (within == 0) {
                chunks.add(new byte[CHUNK_SIZE]);
            }
            final int n = Math.min(remaining, CHUNK_SIZE - within);
            System.arraycopy(source, from, chunks.get(chunks.size() - 1), within, n);
            from += n;
            remaining -= n;
            size += n;
        }
    }

    long size() {
        return size;
    }

    /** The bytes {@code [start, start + length)} as a fresh stream. */
    InputStream open(final long start, final long length) {
        if (start < 0 || length < 0 || start + length > size) {
            throw new IndexOutOfBoundsException("range " + start + "+" + length + " outside 0.." + size);
        }
        return new InputStream() {
            private long position = start;
            private final long end = start + length;

            @Override
            public int read() {
                if (position >= end) {
                    return -1;
                }
                final byte b = chunks.get((int) (position / CHUNK_SIZE))[(int) (position % CHUNK_SIZE)];
                position++;
                return b & 0xff;
            }

            @Override
            public int read(final byte[] target, final int offset, final int len) {
                Objects.checkFromIndexSize(offset, len, target.length);
                if (position >= end) {
                    return -1;
                }
                if (len == 0) {
                    return 0;
                }
                final int within = (int) (position % CHUNK_SIZE);
                final int n = (int) Math.min(Math.min(len, CHUNK_SIZE - within), end - position);
                System.arraycopy(chunks.get((int) (position / CHUNK_SIZE)), within, target, offset, n);
                position += n;
                return n;
            }

            @Override
            public int available() {
                return (int) Math.min(Integer.MAX_VALUE, end - position);
            }
        };
    }

    /** All bytes in one array; for tests and small objects. */
    byte[] toByteArray() {
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("object of " + size + " bytes does not fit in one array");
        }
        final byte[] all = new byte[(int) size];
        long copied = 0;
        for (byte[] chunk : chunks) {
            final int n = (int) Math.min(CHUNK_SIZE, size - copied);
            System.arraycopy(chunk, 0, all, (int) copied, n);
            copied += n;
        }
        return all;
    }
}
