package io.gunstream.stack.testcontainers;

import io.gunstream.stack.postgres.EmbeddedPostgres;
import io.gunstream.stack.postgres.PostgresService;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * PostgreSQL from the official Docker image, with {@code wal_level=logical} and the same database, user and password
 * as {@link EmbeddedPostgres}.
 *
 * <p>Lifecycle: {@link #start()} pulls the image if needed, starts the container and returns once PostgreSQL accepts
 * connections; {@link #close()} removes the container and its data; it is idempotent.
 */
public final class TestcontainersPostgres implements PostgresService {

    /** System property naming another image, e.g. {@code postgres:17.6-alpine}. */
    public static final String IMAGE_PROPERTY = "gunstream.stack.postgres.image";
    /** The same PostgreSQL release as the embedded binaries. */
    public static final String DEFAULT_IMAGE = "postgres:17.6";

    private static final Logger log = LoggerFactory.getLogger(TestcontainersPostgres.class);

    private final PostgreSQLContainer<?> container;
    private final Duration startupTime;
    private final AtomicBoolean closed = new AtomicBoolean();

    private TestcontainersPostgres(final PostgreSQLContainer<?> container, final Duration startupTime) {
        this.container = container;
        this.startupTime = startupTime;
    }

    /** Starts the image named by {@value #IMAGE_PROPERTY}, default {@value #DEFAULT_IMAGE}. */
    public static TestcontainersPostgres start() {
        return start(System.getProperty(IMAGE_PROPERTY, DEFAULT_IMAGE));
    }

    public static TestcontainersPostgres start(final String image) {
        final PostgreSQLContainer<?> container = new PostgreSQLContainer<>(
                DockerImageName.parse(image).asCompatibleSubstituteFor("postgres"))
                .withDatabaseName(EmbeddedPostgres.DEFAULT_DATABASE)
                .withUsername(EmbeddedPostgres.DEFAULT_USER)
                .withPassword(EmbeddedPostgres.DEFAULT_PASSWORD)
                // Replaces the image's default command; fsync=off is what Testcontainers sets for a throwaway server.
                .withCommand("postgres", "-c", "wal_level=logical", "-c", "fsync=off");
        final TestcontainersPostgres postgres = new TestcontainersPostgres(container,
                Containers.start(container, image, IMAGE_PROPERTY));
        log.info("PostgreSQL ready at {} (container {}, image {}; ready in {} ms)", postgres.jdbcUrl(),
                container.getContainerId(), image, postgres.startupTime.toMillis());
        return postgres;
    }

    @Override
    public String jdbcUrl() {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + database();
    }

    @Override
    public String host() {
        return container.getHost();
    }

    @Override
    public int port() {
        return container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT);
    }

    @Override
    public String database() {
        return container.getDatabaseName();
    }

    @Override
    public String user() {
        return container.getUsername();
    }

    @Override
    public String password() {
        return container.getPassword();
    }

    public Duration startupTime() {
        return startupTime;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            container.stop();
            log.info("PostgreSQL container stopped");
        }
    }
}
