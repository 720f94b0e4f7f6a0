package dev.pulsebridge.bench;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Sizes and switches of one run. The simulator's generated history is dense (about 65 Observations a
 * day: daily weigh-ins with body composition, nightly sleep with every field, daily activity), ten times
 * the estimate for a typical user, so the default of 10 patients × 30 days (about 20,000
 * Observations) keeps a run near ten minutes on two cores at today's ingest rate.
 */
public record BenchConfig(String mode, int patients, int days, int baselineObservations, Duration freshness,
        int intakeNotifications, int burstPerUser, Duration searchWarmup, Duration searchDuration, boolean restart,
        String pgHost, int pgPort, String pgUser, String pgPassword, String database, int serverPort,
        int simulatorPort, Path root, Path results, boolean backfillOnly, boolean audit, boolean readModel) {

    public static BenchConfig parse(String[] args) {
        String mode = "default";
        Integer patients = null;
        Integer days = null;
        String pgHost = env("PULSEBRIDGE_BENCH_PGHOST", "127.0.0.1");
        int pgPort = Integer.parseInt(env("PULSEBRIDGE_BENCH_PGPORT", "5432"));
        String pgUser = env("PULSEBRIDGE_BENCH_PGUSER", "postgres");
        String pgPassword = env("PULSEBRIDGE_BENCH_PGPASSWORD", "");
        Path root = Path.of(".").toAbsolutePath().normalize();
        boolean backfillOnly = false;
        boolean audit = true;
        boolean readModel = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> mode = "quick";
                case "--full" -> mode = "full";
                case "--patients" -> patients = Integer.parseInt(args[++i]);
                case "--days" -> days = Integer.parseInt(args[++i]);
                case "--pg-host" -> pgHost = args[++i];
                case "--pg-port" -> pgPort = Integer.parseInt(args[++i]);
                case "--pg-user" -> pgUser = args[++i];
                case "--backfill-only" -> backfillOnly = true;
                case "--no-audit" -> audit = false;
                case "--no-read-model" -> readModel = false;
                case "--root" -> root = Path.of(args[++i]).toAbsolutePath().normalize();
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; use --quick | --full, --patients N, --days D, --pg-host H, --pg-port P, --pg-user U, --root DIR, --backfill-only, --no-audit, --no-read-model");
            }
        }
        BenchConfig base = switch (mode) {
            case "quick" -> new BenchConfig(mode, 2, 10, 150, Duration.ofSeconds(8), 2_000, 5, Duration.ofSeconds(1),
                    Duration.ofSeconds(2), false, pgHost, pgPort, pgUser, pgPassword, "pulsebridge_bench", 18080,
                    18090, root, root.resolve("bench/results"), false, true, true);
            case "full" -> new BenchConfig(mode, 20, 365, 5_000, Duration.ofSeconds(60), 20_000, 20,
                    Duration.ofSeconds(5), Duration.ofSeconds(20), true, pgHost, pgPort, pgUser, pgPassword,
                    "pulsebridge_bench", 18080, 18090, root, root.resolve("bench/results"), false, true, true);
            default -> new BenchConfig(mode, 10, 30, 2_000, Duration.ofSeconds(30), 10_000, 20,
                    Duration.ofSeconds(3), Duration.ofSeconds(15), true, pgHost, pgPort, pgUser, pgPassword,
                    "pulsebridge_bench", 18080, 18090, root, root.resolve("bench/results"), false, true, true);
        };
        return new BenchConfig(base.mode, patients == null ? base.patients : patients, days == null ? base.days : days,
                base.baselineObservations, base.freshness, base.intakeNotifications, base.burstPerUser,
                base.searchWarmup, base.searchDuration, base.restart, base.pgHost, base.pgPort, base.pgUser,
                base.pgPassword, base.database, base.serverPort, base.simulatorPort, base.root, base.results, backfillOnly,
                audit, readModel);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
