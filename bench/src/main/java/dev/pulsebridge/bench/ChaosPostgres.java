package dev.pulsebridge.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of the chaos run's own: initdb into a fresh directory, its own port, trust
 * authentication on loopback only. Owning it lets a scenario stop and start the database as a service
 * restart would, without touching anyone else's database on the machine. PostgreSQL's binaries are
 * taken from {@code PULSEBRIDGE_CHAOS_PG_BIN}, else the newest {@code /usr/lib/postgresql/<version>/bin};
 * run as root, the cluster runs as the {@code postgres} user (PostgreSQL refuses root).
 */
final class ChaosPostgres implements AutoCloseable {

    static final String USER = "postgres";
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);

    private final Path bin;
    private final Path home;
    private final int port;
    private final boolean root;

    private ChaosPostgres(Path bin, Path home, int port, boolean root) {
        this.bin = bin;
        this.home = home;
        this.port = port;
        this.root = root;
    }

    /** A new, empty, running cluster on {@code port}. */
    static ChaosPostgres create(int port) {
        Path bin = binaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        try {
            Path home = Files.createTempDirectory("pulsebridge-chaos-pg-");
            ChaosPostgres cluster = new ChaosPostgres(bin, home, port, root);
            if (root) {
                cluster.run(List.of("chown", USER + ":" + USER, home.toString()), false);
            }
            cluster.run(List.of(bin.resolve("initdb").toString(), "-D", cluster.data().toString(), "-U", USER,
                    "--auth=trust", "-E", "UTF8", "--locale=C"), true);
            cluster.start();
            // a run stopped from outside (CI's timeout sends SIGTERM) must not leave the cluster holding its port
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "chaos-postgres-stop"));
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a directory for the chaos run's PostgreSQL", e);
        }
    }

    int port() {
        return port;
    }

    /** Where PostgreSQL's own log goes. */
    Path log() {
        return home.resolve("postgres.log");
    }

    void start() {
        run(List.of(bin.resolve("pg_ctl").toString(), "start", "-w", "-t", "60", "-D", data().toString(), "-l",
                log().toString(), "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories="
                        + home + " -c max_connections=120"), true);
    }

    /** As a service stop does: clients are disconnected, the database shuts down cleanly. */
    void stop() {
        run(List.of(bin.resolve("pg_ctl").toString(), "stop", "-w", "-t", "60", "-m", "fast", "-D", data().toString()),
                true);
    }

    @Override
    public synchronized void close() {
        if (!Files.exists(home)) {
            return;
        }
        try {
            run(List.of(bin.resolve("pg_ctl").toString(), "stop", "-w", "-m", "immediate", "-D", data().toString()),
                    true);
        } catch (RuntimeException alreadyStopped) {
            // stopped by a scenario that failed before starting it again
        }
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not remove " + home + ": " + e.getMessage());
        }
    }

    private Path data() {
        return home.resolve("data");
    }

    private void run(List<String> command, boolean asPostgres) {
        List<String> full = new ArrayList<>();
        if (asPostgres && root) {
            full.addAll(List.of("runuser", "-u", USER, "--"));
        }
        full.addAll(command);
        try {
            Process process = new ProcessBuilder(full).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("commands.log").toFile())).start();
            if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", full) + " did not finish in " + COMMAND_TIMEOUT);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", full) + " failed (exit " + process.exitValue() + "): "
                        + tail(home.resolve("commands.log")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + full.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + full.get(0), e);
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
        } catch (IOException e) {
            return "(no output)";
        }
    }

    private static Path binaries() {
        Map<String, String> env = System.getenv();
        if (env.containsKey("PULSEBRIDGE_CHAOS_PG_BIN")) {
            return Path.of(env.get("PULSEBRIDGE_CHAOS_PG_BIN"));
        }
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(version -> version.resolve("bin"))
                    .filter(dir -> Files.isExecutable(dir.resolve("initdb")))
                    .max(Comparator.comparingInt(dir -> Integer.parseInt(dir.getParent().getFileName().toString()
                            .replaceAll("\\D", "0"))))
                    .orElseThrow();
        } catch (IOException | RuntimeException none) {
            throw new IllegalStateException("bench/chaos runs a PostgreSQL of its own and found no initdb under "
                    + "/usr/lib/postgresql/<version>/bin; install PostgreSQL's server package or set PULSEBRIDGE_CHAOS_PG_BIN");
        }
    }
}
