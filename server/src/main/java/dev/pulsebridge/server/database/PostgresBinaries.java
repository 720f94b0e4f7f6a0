package dev.pulsebridge.server.database;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * The PostgreSQL programs shipped inside the jar (zonky's archives of the official builds, one per OS
 * and CPU), unpacked once into a folder of our own named after the archive's digest. Unpacking happens
 * in a staging folder that is renamed into place, so a crash mid-way never leaves a half set of
 * programs behind; a newer archive gets a new folder and the old ones are removed.
 */
final class PostgresBinaries {

    private static final String PREFIX = "bin-";

    private PostgresBinaries() {
    }

    /** @return the {@code bin} folder holding {@code initdb}, {@code pg_ctl} and {@code postgres} */
    static Path unpackedUnder(Path home) {
        byte[] archive = archiveForThisMachine();
        Path target = home.resolve(PREFIX + digest(archive));
        if (!Files.isDirectory(target)) {
            unpack(archive, home, target);
            removeOthers(home, target);
        }
        return target.resolve("bin");
    }

    static String executable(Path bin, String program) {
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        return bin.resolve(windows ? program + ".exe" : program).toString();
    }

    private static byte[] archiveForThisMachine() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String system = os.startsWith("windows") ? "Windows" : os.startsWith("mac") ? "Darwin" : "Linux";
        String arch = System.getProperty("os.arch", "");
        try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, "amd64".equals(arch) ? "x86_64" : arch)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the PostgreSQL binaries in the jar", e);
        }
    }

    private static String digest(byte[] archive) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(archive)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void unpack(byte[] archive, Path home, Path target) {
        Path staging = null;
        try {
            Files.createDirectories(home);
            staging = Files.createTempDirectory(home, "unpacking-");
            extract(archive, staging);
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(staging, target);
            }
            staging = null;
        } catch (FileAlreadyExistsException raced) {
            // another process unpacked the same archive first; theirs is as good as ours
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot unpack the PostgreSQL binaries into " + home, e);
        } finally {
            if (staging != null) {
                deleteTree(staging);
            }
        }
    }

    private static void extract(byte[] archive, Path into) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(new ByteArrayInputStream(archive)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = into.resolve(entry.getName()).normalize();
                if (!path.startsWith(into)) {
                    throw new IOException("Archive entry escapes its folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else if (entry.isFile()) {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path);
                    applyMode(path, entry.getMode());
                }
            }
        }
    }

    private static void applyMode(Path path, int mode) throws IOException {
        try {
            Set<PosixFilePermission> permissions = java.util.EnumSet.of(PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
            if ((mode & 0100) != 0) {
                permissions.add(PosixFilePermission.OWNER_EXECUTE);
                permissions.add(PosixFilePermission.GROUP_EXECUTE);
                permissions.add(PosixFilePermission.OTHERS_EXECUTE);
            }
            Files.setPosixFilePermissions(path, permissions);
        } catch (UnsupportedOperationException notPosix) {
            path.toFile().setExecutable((mode & 0100) != 0);
        }
    }

    private static void removeOthers(Path home, Path keep) {
        try (Stream<Path> children = Files.list(home)) {
            children.filter(child -> child.getFileName().toString().startsWith(PREFIX) && !child.equals(keep))
                    .forEach(PostgresBinaries::deleteTree);
        } catch (IOException e) {
            // a stale folder only costs disk space
        }
    }

    static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // best effort: what is left is cleaned up on the next start
        }
    }
}
