package io.gunstream.stack.testcontainers;

import io.gunstream.stack.s3.S3Service;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * An S3-compatible server from the MinIO image (path-style, region {@value #REGION}) with the stack's default
 * credentials, standing in for the Storj gateway like the embedded s3proxy.
 *
 * <p>Lifecycle: {@link #start()} starts the container and returns once MinIO reports healthy; {@link #close()}
 * removes it with its objects; it is idempotent.
 */
public final class TestcontainersS3 implements S3Service {

    /** System property naming another MinIO image. */
    public static final String IMAGE_PROPERTY = "gunstream.stack.s3.image";
    /** From quay.io: MinIO stopped publishing to Docker Hub in October 2025, and minio/minio there is gone. */
    public static final String DEFAULT_IMAGE = "quay.io/minio/minio:RELEASE.2025-09-07T16-13-09Z";
    public static final String ACCESS_KEY = "gunstream";
    public static final String SECRET_KEY = "gunstream-secret";
    public static final String REGION = "us-east-1";

    private static final Logger log = LoggerFactory.getLogger(TestcontainersS3.class);

    private final MinIOContainer container;
    private final Duration startupTime;
    private final AtomicBoolean closed = new AtomicBoolean();

    private TestcontainersS3(final MinIOContainer container, final Duration startupTime) {
        this.container = container;
        this.startupTime = startupTime;
    }

    /** Starts the image named by {@value #IMAGE_PROPERTY}, default {@value #DEFAULT_IMAGE}. */
    public static TestcontainersS3 start() {
        return start(System.getProperty(IMAGE_PROPERTY, DEFAULT_IMAGE));
    }

    public static TestcontainersS3 start(final String image) {
        final MinIOContainer container = new MinIOContainer(
                DockerImageName.parse(image).asCompatibleSubstituteFor("minio/minio"))
                .withUserName(ACCESS_KEY)
                .withPassword(SECRET_KEY)
                .withEnv("MINIO_REGION", REGION);
        final TestcontainersS3 s3 = new TestcontainersS3(container, Containers.start(container, image, IMAGE_PROPERTY));
        log.info("S3 (MinIO) ready at {} (container {}, image {}; ready in {} ms)", s3.endpoint(),
                container.getContainerId(), image, s3.startupTime.toMillis());
        return s3;
    }

    @Override
    public URI endpoint() {
        return URI.create(container.getS3URL());
    }

    @Override
    public String accessKey() {
        return container.getUserName();
    }

    @Override
    public String secretKey() {
        return container.getPassword();
    }

    @Override
    public String region() {
        return REGION;
    }

    public Duration startupTime() {
        return startupTime;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            container.stop();
            log.info("S3 (MinIO) container stopped");
        }
    }
}
