package dev.pulsebridge.server.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server of our own, run from the binaries in the jar, for the no-setup default and for
 * tests on a machine without a database. Everything lives under one home folder:
 * <pre>
 *   pgdata/            the cluster (kept across restarts)
 *   password           the generated password of the {@value #USER} role (only the owner may read it)
 *   postgres.log       the server's log
 *   lock               held while a Pulsebridge process owns this home
 *   bin-&lt;digest&gt;/      the unpacked PostgreSQL programs
 * </pre>
 * The server listens on 127.0.0.1 only, with password (SCRAM) authentication and no Unix socket, so
 * other accounts on the machine cannot read the health data through it. It is stopped by {@link #close()},
 * which the Spring context calls after everything using the database has stopped; one left running by a
 * process that was killed outright is stopped on the next start.
 */
public final class LocalPostgres implements AutoCloseable {

    public static final String USER = "pulsebridge";
    public static final String DATABASE = "pulsebridge";

    private static final Logger log = LoggerFactory.getLogger(LocalPostgres.class);
    private static final Duration PG_CTL_TIMEOUT = Duration.ofSeconds(120);
    private static final boolean RUNNING_AS_ROOT = runningAsRootOnLinux();

    private final Path home;
    private final Path cluster;
    private final Path bin;
    private final int port;
    private final String password;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private volatile boolean stopped;

    private LocalPostgres(Path home, Path bin, int port, String password, FileChannel lockChannel, FileLock lock) {
        this.home = home;
        this.cluster = home.resolve("pgdata");
        this.bin = bin;
        this.port = port;
        this.password = password;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Starts the server in {@code home}, creating the cluster on first use.
     *
     * @param port the port to listen on, or 0 for any free one
     */
    public static LocalPostgres start(Path home, int port) {
        Path root = home.toAbsolutePath().normalize();
        FileChannel lockChannel = null;
        try {
            Files.createDirectories(root);
            lockChannel = FileChannel.open(root.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = tryLock(lockChannel);
            if (lock == null) {
                throw new IllegalStateException("The PostgreSQL data in " + root + " is in use by another Pulsebridge "
                        + "process. Stop it first, or give this one its own data directory "
                        + "(pulsebridge.database.embedded.directory).");
            }
            Path bin = PostgresBinaries.unpackedUnder(root);
            String password = initialised(root, bin);
            LocalPostgres postgres = new LocalPostgres(root, bin, port == 0 ? freePort() : port, password, lockChannel, lock);
            postgres.stopOrphan();
            postgres.startServer();
            postgres.createDatabase();
            return postgres;
        } catch (IOException e) {
            close(lockChannel);
            throw new UncheckedIOException("Cannot start the embedded PostgreSQL in " + root, e);
        } catch (RuntimeException e) {
            close(lockChannel);
            throw e;
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    public String username() {
        return USER;
    }

    public String password() {
        return password;
    }

    public int port() {
        return port;
    }

    /** The folder holding the cluster, the password and the log. */
    public Path home() {
        return home;
    }

    /** Stops the server (fast: open transactions roll back) and releases the data directory. */
    @Override
    public synchronized void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            Result result = pgCtl("stop", "-m", "fast");
            if (result.exitCode() != 0) {
                log.warn("Embedded PostgreSQL did not stop cleanly: {}", result.output());
            }
        } finally {
            try {
                lock.release();
            } catch (IOException e) {
                // released with the channel below
            }
            close(lockChannel);
        }
    }

    /** @return the password of the cluster in {@code root}, creating the cluster first if there is none */
    private static String initialised(Path root, Path bin) throws IOException {
        Path cluster = root.resolve("pgdata");
        Path passwordFile = root.resolve("password");
        if (Files.isDirectory(cluster)) {
            if (!Files.exists(passwordFile)) {
                throw new IllegalStateException("The embedded PostgreSQL in " + cluster + " has lost its password file "
                        + passwordFile + "; restore it, or move the folder away to start with an empty database.");
            }
            return Files.readString(passwordFile, StandardCharsets.US_ASCII).trim();
        }
        // initdb works in a staging folder that is renamed into place: a cluster folder is always complete
        Path staging = root.resolve("pgdata.initdb");
        PostgresBinaries.deleteTree(staging);
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Path passwordStaging = root.resolve("password.initdb");
        Files.writeString(passwordStaging, password, StandardCharsets.US_ASCII);
        ownerOnly(passwordStaging);
        Result initdb = run(List.of(PostgresBinaries.executable(bin, "initdb"), "-D", staging.toString(), "-U", USER,
                "--auth=scram-sha-256", "--pwfile=" + passwordStaging, "-E", "UTF8", "--locale=C"));
        if (initdb.exitCode() != 0) {
            Files.deleteIfExists(passwordStaging);
            throw new IllegalStateException("initdb failed for the embedded PostgreSQL in " + staging + ":\n"
                    + initdb.output() + rootHint(initdb.output()));
        }
        // TCP on loopback only; no Unix socket (its default folder may be shared or missing)
        Files.writeString(staging.resolve("postgresql.conf"), """

                # set by Pulsebridge's embedded PostgreSQL
                listen_addresses = '127.0.0.1'
                unix_socket_directories = ''
                """, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        Files.move(passwordStaging, passwordFile);
        Files.move(staging, cluster);
        log.info("Created an empty PostgreSQL cluster in {}", cluster);
        return password;
    }

    private void stopOrphan() {
        if (!Files.exists(cluster.resolve("postmaster.pid"))) {
            return;
        }
        // We hold the lock, so no live Pulsebridge owns this server: a process was killed without stopping it.
        if (pgCtl("status").exitCode() == 0) {
            log.warn("Stopping a PostgreSQL left running in {} by a Pulsebridge process that did not shut down", cluster);
            Result stop = pgCtl("stop", "-m", "fast");
            if (stop.exitCode() != 0) {
                throw new IllegalStateException("Cannot stop the PostgreSQL left running in " + cluster + ":\n" + stop.output());
            }
        }
    }

    private void startServer() {
        Result start = pgCtl("start", "-l", home.resolve("postgres.log").toString(), "-o", "-p " + port);
        if (start.exitCode() != 0) {
            throw new IllegalStateException("The embedded PostgreSQL did not start:\n" + start.output()
                    + "\nIts log: " + home.resolve("postgres.log") + "\n" + logTail() + rootHint(logTail()));
        }
    }

    private void createDatabase() {
        Properties credentials = new Properties();
        credentials.setProperty("user", USER);
        credentials.setProperty("password", password);
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", credentials);
                Statement statement = connection.createStatement()) {
            try (ResultSet exists = statement.executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'")) {
                if (exists.next()) {
                    return;
                }
            }
            statement.execute("create database " + DATABASE);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the database '" + DATABASE + "' in the embedded PostgreSQL", e);
        }
    }

    private Result pgCtl(String action, String... options) {
        List<String> command = new ArrayList<>(List.of(PostgresBinaries.executable(bin, "pg_ctl"), action,
                "-D", cluster.toString(), "-w", "-t", String.valueOf(PG_CTL_TIMEOUT.toSeconds())));
        command.addAll(List.of(options));
        return run(command);
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(home.resolve("postgres.log"), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    private static String rootHint(String output) {
        return output.contains("root") ? "\nPostgreSQL refuses to run as root (and `unshare --user` could not help here): "
                + "start Pulsebridge as an ordinary user, or point it at a PostgreSQL of your own with "
                + "spring.datasource.url." : "";
    }

    private record Result(int exitCode, String output) {
    }

    /**
     * Runs a PostgreSQL program to its end. Output goes through a file, not a pipe: {@code pg_ctl start}
     * leaves the server running, and a server holding our pipe open would keep a pipe reader waiting.
     */
    private static Result run(List<String> command) {
        Path output = null;
        try {
            output = Files.createTempFile("pulsebridge-pg-", ".out");
            Process process = new ProcessBuilder(unprivileged(command)).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE).start();
            process.getOutputStream().close();
            if (!process.waitFor(PG_CTL_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, String.join(" ", command) + " did not finish");
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + command.get(0), e);
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException e) {
                    // a temp file left behind
                }
            }
        }
    }

    /** @return the lock, or null when another process, or this one, holds it */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException heldInThisJvm) {
            return null;
        }
    }

    /**
     * PostgreSQL refuses to run as root. Run as root on Linux (containers, CI machines), its programs are
     * started in a new user namespace, where they are not root but still own the files root created.
     */
    private static List<String> unprivileged(List<String> command) {
        if (!RUNNING_AS_ROOT) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("unshare", "--user"));
        wrapped.addAll(command);
        return wrapped;
    }

    private static boolean runningAsRootOnLinux() {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("linux")) {
            return false;
        }
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the user's profile folder is private already
        }
    }

    private static void close(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing left to release
            }
        }
    }
}
