package io.gunstream.stack;

import java.util.Optional;

/**
 * Checks for the Testcontainers backend that must not load Testcontainers classes before they are known to be on the
 * class path: the artifacts are optional dependencies of embedded-stack.
 */
final class TestcontainersSupport {

    private static final String DOCKER_CLIENT_FACTORY = "org.testcontainers.DockerClientFactory";

    private TestcontainersSupport() {
    }

    static Optional<String> unavailableReason() {
        try {
            Class.forName(DOCKER_CLIENT_FACTORY, false, TestcontainersSupport.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return Optional.of("Backend " + StackBackend.TESTCONTAINERS.value() + " needs Testcontainers on the class path: "
                    + "add org.testcontainers:testcontainers, kafka, postgresql and minio (test scope, version from "
                    + "testcontainers-bom), or choose -D" + StackBackend.PROPERTY + "=" + StackBackend.EMBEDDED.value());
        }
        return DockerCheck.dockerAvailable() ? Optional.empty()
                : Optional.of("Backend " + StackBackend.TESTCONTAINERS.value() + " needs a Docker engine and none was found "
                        + "(DOCKER_HOST, /var/run/docker.sock, ~/.testcontainers.properties). Start Docker, or choose -D"
                        + StackBackend.PROPERTY + "=" + StackBackend.EMBEDDED.value() + " (no Docker needed)");
    }

    /** Separate class so that {@code DockerClientFactory} is resolved only after the class path check. */
    private static final class DockerCheck {
        static boolean dockerAvailable() {
            return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
        }
    }
}
