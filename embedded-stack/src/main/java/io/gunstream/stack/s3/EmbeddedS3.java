package io.gunstream.stack.s3;

import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.utils.Utils;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;

/**
 * An S3-compatible endpoint (s3proxy with its filesystem store) on loopback, path-style, with fixed
 * credentials; stands in for the Storj gateway.
 *
 * <p>Lifecycle: {@link #builder()} … {@link Builder#start()} returns a running endpoint; {@link #close()} stops
 * it, frees the port and deletes the data dir if it was temporary. Callers need {@code org.gaul:s3proxy} on
 * their own classpath: embedded-stack declares it optional.
 */
public final class EmbeddedS3 implements S3Service {

    public static final String DEFAULT_ACCESS_KEY = "gunstream";
    public static final String DEFAULT_SECRET_KEY = "gunstream-secret";
    public static final String DEFAULT_REGION = "us-east-1";
    public static final String DEFAULT_BUCKET = "gunstream";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedS3.class);
    private static final String HOST = "127.0.0.1";

    private final S3Proxy proxy;
    private final URI endpoint;
    private final Path dataDir;
    private final boolean temporary;
    private final String accessKey;
    private final String secretKey;
    private final String region;
    private final String bucket;
    private boolean closed;

    private EmbeddedS3(final Builder b, final S3Proxy proxy, final URI endpoint, final Path dataDir,
                       final boolean temporary) {
        this.proxy = proxy;
        this.endpoint = endpoint;
        this.dataDir = dataDir;
        this.temporary = temporary;
        this.accessKey = b.accessKey;
        this.secretKey = b.secretKey;
        this.region = b.region;
        this.bucket = b.bucket;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public URI endpoint() {
        return endpoint;
    }

    public int port() {
        return endpoint.getPort();
    }

    @Override
    public String accessKey() {
        return accessKey;
    }

    @Override
    public String secretKey() {
        return secretKey;
    }

    @Override
    public String region() {
        return region;
    }

    /** The bucket created at start, if one was asked for. */
    public Optional<String> bucket() {
        return Optional.ofNullable(bucket);
    }

    /** Directory holding one sub-directory per bucket. */
    public Path dataDir() {
        return dataDir;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            proxy.stop();
        } catch (Exception e) {
            log.warn("Stopping S3 endpoint {} failed; its port may stay bound until the JVM exits", endpoint, e);
        }
        if (temporary) {
            deleteRecursively(dataDir);
        }
        log.info("S3 endpoint {} stopped", endpoint);
    }

    @Override
    public String toString() {
        return "EmbeddedS3[" + endpoint + ", dataDir=" + dataDir + "]";
    }

    private static void deleteRecursively(final Path root) {
        try {
            Utils.delete(root.toFile());
        } catch (IOException e) {
            log.warn("Could not delete temporary S3 data dir {}; remove it by hand", root, e);
        }
    }

    /** Settings of an {@link EmbeddedS3}; every setting has a local default. */
    public static final class Builder {
        private int port;
        private Path dataDir;
        private String accessKey = DEFAULT_ACCESS_KEY;
        private String secretKey = DEFAULT_SECRET_KEY;
        private String region = DEFAULT_REGION;
        private String bucket = DEFAULT_BUCKET;

        private Builder() {
        }

        /** Port to listen on; 0 (the default) picks a free one. */
        public Builder port(final int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("S3 port must be 0..65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /** Persistent data dir (created if missing, kept on close); by default a temporary dir deleted on close. */
        public Builder dataDir(final Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
            return this;
        }

        public Builder credentials(final String accessKey, final String secretKey) {
            this.accessKey = requireText(accessKey, "accessKey");
            this.secretKey = requireText(secretKey, "secretKey");
            return this;
        }

        /** Region clients should sign with; s3proxy accepts any, this is what {@link #region()} reports. */
        public Builder region(final String region) {
            this.region = requireText(region, "region");
            return this;
        }

        /** Bucket created at start if missing; {@code null} creates none. */
        public Builder bucket(final String bucket) {
            this.bucket = bucket;
            return this;
        }

        public EmbeddedS3 start() {
            final boolean temporary = dataDir == null;
            final Path dir = temporary ? createTempDir() : prepareDir(dataDir);
            final FilesystemNio2BlobStore store = new FilesystemNio2BlobStore(dir.toString());
            if (bucket != null && !Files.isDirectory(dir.resolve(bucket))) {
                try {
                    store.createContainer(CreateBucketRequest.builder().bucket(bucket).build());
                } catch (RuntimeException e) {
                    throw new S3StartException("Could not create bucket '" + bucket + "' in S3 data dir " + dir
                            + ": check the bucket name and that the dir is writable", e);
                }
            }
            final S3Proxy proxy = S3Proxy.builder()
                    .blobStore(store)
                    .endpoint(URI.create("http://" + HOST + ":" + port))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                    .build();
            try {
                proxy.start();
            } catch (Exception e) {
                stopQuietly(proxy);
                if (temporary) {
                    deleteRecursively(dir);
                }
                if (hasCause(e, BindException.class)) {
                    throw new S3StartException("S3 port " + port + " on " + HOST
                            + " is already in use: stop the process holding it or choose another port (0 = free port)", e);
                }
                throw new S3StartException("S3 endpoint on " + HOST + ":" + port + " (data dir " + dir
                        + ") failed to start: " + e.getMessage(), e);
            }
            final URI endpoint = URI.create("http://" + HOST + ":" + proxy.getPort());
            log.info("S3 endpoint ready at {} (bucket {}, data dir {})", endpoint,
                    bucket == null ? "none" : bucket, dir);
            return new EmbeddedS3(this, proxy, endpoint, dir, temporary);
        }

        private static Path createTempDir() {
            try {
                return Files.createTempDirectory("gunstream-s3-");
            } catch (IOException e) {
                throw new S3StartException("Could not create a temporary S3 data dir under "
                        + System.getProperty("java.io.tmpdir") + ": set java.io.tmpdir to a writable dir", e);
            }
        }

        private static Path prepareDir(final Path dir) {
            final Path abs = dir.toAbsolutePath();
            try {
                Files.createDirectories(abs);
            } catch (IOException e) {
                throw new S3StartException("S3 data dir " + abs + " cannot be created (" + e
                        + "): choose a writable directory", e);
            }
            if (!Files.isWritable(abs)) {
                throw new S3StartException("S3 data dir " + abs + " is not writable: fix its permissions or choose another");
            }
            return abs;
        }

        private static void stopQuietly(final S3Proxy proxy) {
            try {
                proxy.stop();
            } catch (Exception suppressed) {
                // Jetty may refuse to stop a server that never started; nothing is bound then.
            }
        }

        private static boolean hasCause(final Throwable t, final Class<? extends Throwable> type) {
            for (Throwable c = t; c != null; c = c.getCause()) {
                if (type.isInstance(c)) {
                    return true;
                }
            }
            return false;
        }

        private static String requireText(final String value, final String name) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(name + " must not be blank");
            }
            return value;
        }
    }
}
