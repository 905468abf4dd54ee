package io.gunstream.stack.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** Numeric user and group ids of files and of this JVM, through the JDK's {@code unix:} file attribute view. */
final class UnixIds {

    private UnixIds() {
    }

    /** The uid this JVM runs as. */
    static int currentUid() {
        final Path procSelf = Path.of("/proc/self");
        try {
            if (Files.exists(procSelf)) {
                return uidOf(procSelf);
            }
            // No /proc (macOS): a file we create is owned by our uid.
            final Path probe = Files.createTempFile("gunstream-uid-", "");
            try {
                return uidOf(probe);
            } finally {
                Files.deleteIfExists(probe);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not determine the uid of this JVM", e);
        }
    }

    static int uidOf(final Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    }

    static int modeOf(final Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:mode");
    }

    static void chown(final Path path, final int uid, final int gid) throws IOException {
        Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
    }
}
