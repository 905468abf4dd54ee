package io.gunstream.stack.s3;

import java.net.URI;

/**
 * A running S3-compatible endpoint (stand-in for the Storj gateway), path-style addressing.
 *
 * <p>Lifecycle: obtained already started; {@link #close()} stops it and is idempotent.
 */
public interface S3Service extends AutoCloseable {

    /** Endpoint URL, e.g. {@code http://127.0.0.1:9000}. */
    URI endpoint();

    String accessKey();

    String secretKey();

    String region();

    @Override
    void close();
}
