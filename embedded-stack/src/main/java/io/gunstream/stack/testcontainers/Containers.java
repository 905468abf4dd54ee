package io.gunstream.stack.testcontainers;

import java.time.Duration;
import org.testcontainers.containers.GenericContainer;

/** Start and stop shared by the Testcontainers-backed services. */
final class Containers {

    private Containers() {
    }

    /** Starts {@code container}; a failure names the image and the system property that chooses another one. */
    static Duration start(final GenericContainer<?> container, final String image, final String imageProperty) {
        final long begin = System.nanoTime();
        try {
            container.start();
        } catch (RuntimeException e) {
            container.stop();
            throw new ContainerServiceException("Could not start a container from image " + image + ": " + e.getMessage()
                    + ". Check that Docker can pull it (docker pull " + image + ") or choose another image with -D"
                    + imageProperty + "=...", e);
        }
        return Duration.ofNanos(System.nanoTime() - begin);
    }
}
