package io.gunstream.stack;

import io.gunstream.stack.kafka.EmbeddedKafkaBroker;
import io.gunstream.stack.kafka.KafkaService;
import io.gunstream.stack.postgres.EmbeddedPostgres;
import io.gunstream.stack.postgres.PostgresService;
import io.gunstream.stack.s3.EmbeddedS3;
import io.gunstream.stack.s3.S3Service;
import io.gunstream.stack.testcontainers.TestcontainersKafka;
import io.gunstream.stack.testcontainers.TestcontainersPostgres;
import io.gunstream.stack.testcontainers.TestcontainersS3;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Starts the stack's services on the {@linkplain StackBackend chosen backend}, behind the same interfaces, so an
 * integration test runs unchanged on either. Every call starts a new service with defaults (free port, temporary
 * data); the caller closes it. For ports, data dirs or credentials use the services' own builders.
 *
 * <pre>{@code
 * StackServices stack = StackServices.fromEnvironment();
 * assumeTrue(stack.unavailableReason().isEmpty(), () -> stack.unavailableReason().orElseThrow());
 * try (PostgresService pg = stack.postgres()) { ... }
 * }</pre>
 */
public final class StackServices {

    private static final Supplier<KafkaService> EMBEDDED_KAFKA = () -> EmbeddedKafkaBroker.builder().start();
    private static final Supplier<S3Service> EMBEDDED_S3 = () -> EmbeddedS3.builder().start();

    private final StackBackend backend;
    private final Supplier<KafkaService> embeddedKafka;
    private final Supplier<S3Service> embeddedS3;

    /** Visible for testing: the embedded Kafka and S3 services come from the given suppliers. */
    StackServices(final StackBackend backend, final Supplier<KafkaService> embeddedKafka,
                  final Supplier<S3Service> embeddedS3) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.embeddedKafka = Objects.requireNonNull(embeddedKafka, "embeddedKafka");
        this.embeddedS3 = Objects.requireNonNull(embeddedS3, "embeddedS3");
    }

    /** Services on the backend chosen by {@value StackBackend#PROPERTY} / {@value StackBackend#ENV}. */
    public static StackServices fromEnvironment() {
        return of(StackBackend.fromEnvironment());
    }

    public static StackServices of(final StackBackend backend) {
        return new StackServices(backend, EMBEDDED_KAFKA, EMBEDDED_S3);
    }

    public StackBackend backend() {
        return backend;
    }

    /**
     * Why this backend cannot start services here (Testcontainers not on the class path, no Docker engine), or empty.
     * Tests turn a reason into a skip; {@link #kafka()} and friends throw {@link StackUnavailableException} with it.
     */
    public Optional<String> unavailableReason() {
        return backend == StackBackend.TESTCONTAINERS ? TestcontainersSupport.unavailableReason() : Optional.empty();
    }

    /** Starts a Kafka cluster of one broker. */
    public KafkaService kafka() {
        return switch (requireAvailable()) {
            case EMBEDDED -> embeddedKafka.get();
            case TESTCONTAINERS -> TestcontainersKafka.start();
        };
    }

    /** Starts a PostgreSQL server with {@code wal_level=logical} and the database {@code gunstream}. */
    public PostgresService postgres() {
        return switch (requireAvailable()) {
            case EMBEDDED -> EmbeddedPostgres.builder().start();
            case TESTCONTAINERS -> TestcontainersPostgres.start();
        };
    }

    /** Starts an S3-compatible server, path-style, with the stack's default credentials. */
    public S3Service s3() {
        return switch (requireAvailable()) {
            case EMBEDDED -> embeddedS3.get();
            case TESTCONTAINERS -> TestcontainersS3.start();
        };
    }

    private StackBackend requireAvailable() {
        final Optional<String> reason = unavailableReason();
        if (reason.isPresent()) {
            throw new StackUnavailableException(reason.get());
        }
        return backend;
    }
}
