package io.gunstream.stack;

import io.gunstream.stack.s3.EmbeddedS3;
import io.gunstream.stack.s3.S3Service;
import java.nio.file.Path;

/**
 * The only place {@link EmbeddedStack} touches {@link EmbeddedS3}: s3proxy is an optional dependency, so the stack's
 * own class must link without it, and this class is loaded only when the stack starts S3.
 */
final class S3Starter {

    private S3Starter() {
    }

    static S3Service start(final int port, final Path dataDir, final String accessKey, final String secretKey,
                           final String region, final String bucket) {
        return EmbeddedS3.builder().port(port).dataDir(dataDir).credentials(accessKey, secretKey).region(region)
                .bucket(bucket).start();
    }
}
