package dev.pulsebridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * bench/chaos: two Pulsebridge processes on a PostgreSQL of the run's own, the simulator, and the faults an
 * operator, Withings and an attacker bring: dropped connections and a stopped database mid-backfill,
 * webhooks while the database is down, Withings failing and a grant revoked mid-backfill, kill -9 in the
 * middle of a backfill (twice, one instance after the other), a subscriber away while events pile up and
 * an instance dies, a webhook storm with a kill -9 halfway, requests built to exhaust the server, and both
 * instances under Withings' real call budget. Every backfill ends compared Observation by Observation (per
 * code, and no identifier twice) with a twin: a Withings user with identical data, backfilled with nothing
 * disturbed. Prints one table, writes it under bench/results/, and exits non-zero when any row failed.
 */
public final class ChaosMain {

    /** The simulator's budget for most of the run, so backfills are not slowed by it... */
    private static final int CALLS_PER_MINUTE = 6_000;
    /** ...and Withings' own, for the scenario that shows two instances keep to it together. */
    private static final int REAL_CALLS_PER_MINUTE = 120;
    private static final long SEED = 4242;
    private static final Duration RESUME_TARGET = Duration.ofSeconds(30);
    /** A Withings answer this late counts as a timeout: the faults scenario sends one 6 s late. */
    static final Duration WITHINGS_READ_TIMEOUT = Duration.ofSeconds(5);
    /**
     * Every backfilled night comes with its stages and per-minute series (sleep get), so each scenario
     * carries the heaviest records, and no night sits near the series-history boundary, where patients
     * linked on different days would differ from their twin.
     */
    static final String EVERY_NIGHT_WITH_SERIES = "--pulsebridge.sync.sleep-series-history=36500d";
    private static final List<String> SERVER_ARGUMENTS = List.of(
            "--pulsebridge.withings.read-timeout=" + WITHINGS_READ_TIMEOUT.toSeconds() + "s", EVERY_NIGHT_WITH_SERIES);

    private ChaosMain() {
    }

    public static void main(String[] args) {
        boolean ok;
        try {
            ok = run(ChaosConfig.parse(args));
        } catch (Throwable failure) {
            failure.printStackTrace();
            ok = false;
        }
        System.exit(ok ? 0 : 1);
    }

    private static boolean run(ChaosConfig config) {
        ChaosReport report = new ChaosReport();
        report.context("date", LocalDateTime.now(ZoneOffset.UTC).toString());
        report.context("mode", config.quick() ? "quick" : "default");
        report.context("days", config.days());
        if (!config.only().isEmpty()) {
            report.context("only", String.join(",", config.only()));
        }
        Path logs = config.root().resolve("bench/target/chaos-logs");
        Http http = new Http();
        String simulatorBase = "http://127.0.0.1:" + config.simulatorPort();
        try (ChaosPostgres postgres = ChaosPostgres.create(config.postgresPort())) {
            BenchDatabase database = new BenchDatabase("127.0.0.1", postgres.port(), ChaosPostgres.USER, "",
                    "pulsebridge_chaos");
            database.recreate();
            ServerLaunch launch = new ServerLaunch(config.root().resolve("server/target/pulsebridge-server.jar"), database,
                    simulatorBase, CALLS_PER_MINUTE);
            System.out.println("Pulsebridge chaos (" + (config.quick() ? "quick" : "default") + "): two instances, "
                    + config.days() + " days per patient, PostgreSQL of its own on port " + postgres.port()
                    + "; logs in " + logs + " and " + postgres.log());
            try (ManagedProcess simulatorProcess = ManagedProcess.start("simulator",
                    config.root().resolve("simulator/target/withings-simulator.jar"), List.of(),
                    List.of("--server.port=" + config.simulatorPort(), "--sim.rate-limit-per-minute=" + CALLS_PER_MINUTE),
                    logs);
                    Instance a = new Instance("a", config.serverPort(), launch, database, logs);
                    Instance b = new Instance("b", config.serverPort() + 1, launch, database, logs)) {
                simulatorProcess.awaitReady(http, simulatorBase + "/admin/stats", Duration.ofMinutes(2));
                // one after the other: HAPI creates its schema on the first start
                a.start();
                b.start();
                SimulatorClient simulator = new SimulatorClient(http, simulatorBase);
                ChaosScenarios scenarios = new ChaosScenarios(report, simulator, database, config.days(), SEED,
                        RESUME_TARGET);
                try {
                    runScenarios(scenarios, config, launch, postgres, a, b);
                } catch (RuntimeException aborted) {
                    // the rows so far still go into the results, with the failure that stopped the run
                    aborted.printStackTrace();
                    report.add(new ChaosReport.Row("aborted", "the scenario in progress", "every scenario runs to its end",
                            String.valueOf(aborted.getMessage()).lines().findFirst().orElse(aborted.toString()), null, false));
                }
            }
        }
        String name = "chaos-" + (config.quick() ? "quick" : "default") + "-" + LocalDateTime.now(ZoneOffset.UTC)
                .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        report.write(config.root().resolve("bench/results"), name);
        System.out.println();
        System.out.print(report.markdown());
        System.out.println("Written to bench/results/" + name + ".json and .md");
        return report.allOk();
    }

    private static void runScenarios(ChaosScenarios scenarios, ChaosConfig config, ServerLaunch launch,
            ChaosPostgres postgres, Instance a, Instance b) {
        BenchMain.phase("twin: a patient backfilled with nothing disturbed");
        ChaosScenarios.Patient twin = scenarios.undisturbedTwin(a);

        step(config, "connections-dropped", "every database connection dropped during a backfill",
                () -> scenarios.connectionsDroppedDuringBackfill(twin, a, b));
        step(config, "database-restart", "PostgreSQL stopped and started again during a backfill",
                () -> scenarios.databaseRestartDuringBackfill(twin, a, b, postgres));
        step(config, "database-outage-webhooks", "webhooks while PostgreSQL is down",
                () -> scenarios.webhooksDuringDatabaseOutage(twin, a, b, postgres, config.outageNotifications(),
                        launch.webhookSecret()));
        step(config, "withings-faults", "Withings failing during a backfill",
                () -> scenarios.withingsFaultsDuringBackfill(twin, b));
        step(config, "grant-revoked", "the grant revoked at Withings during a backfill, then the patient reconnects",
                () -> scenarios.grantRevokedDuringBackfill(twin, a));
        step(config, "kill-backfill", "kill -9 of the instance running a backfill, twice",
                () -> scenarios.killDuringBackfill(twin, a, b));
        step(config, "subscriber-down", "a subscriber down while events pile up, kill -9 of instance a",
                () -> scenarios.subscriberDownAcrossAKill(a, b, config.subscriptionEvents()));
        step(config, "webhook-storm", "webhook storm at concurrency 8, kill -9 of instance a halfway",
                () -> scenarios.webhookStormWithKill(twin, a, b, config.stormNotifications(), launch.webhookSecret()));
        step(config, "fuzz", "requests built to exhaust the server, at instance b",
                () -> scenarios.fuzz(b, twin, launch.webhookSecret()));
        if (config.budgetPatients() > 0) {
            step(config, "budget", "both instances under Withings' real budget of " + REAL_CALLS_PER_MINUTE
                    + " calls a minute", () -> scenarios.sharedBudget(a, b, REAL_CALLS_PER_MINUTE, config.budgetPatients()));
        }
    }

    private static void step(ChaosConfig config, String name, String description, Runnable scenario) {
        if (config.only().isEmpty() || config.only().contains(name)) {
            BenchMain.phase(description);
            scenario.run();
        }
    }

    /** One server process of the pair, restartable after a kill under the same port and settings. */
    static final class Instance implements AutoCloseable {

        private final String name;
        private final int port;
        private final ServerLaunch launch;
        private final BenchDatabase database;
        private final Path logs;
        private final Http http = new Http();
        private ManagedProcess process;
        private String processName = "";
        private int starts;

        Instance(String name, int port, ServerLaunch launch, BenchDatabase database, Path logs) {
            this.name = name;
            this.port = port;
            this.launch = launch;
            this.database = database;
            this.logs = logs;
        }

        /** The name the running process leases work under (its row in instance_heartbeat). */
        String processName() {
            return processName;
        }

        String name() {
            return name;
        }

        String base() {
            return "http://127.0.0.1:" + port;
        }

        Http http() {
            return http;
        }

        String bearer() {
            return http.bearer();
        }

        PulsebridgeClient client() {
            return new PulsebridgeClient(http, base());
        }

        Duration start() {
            return start(List.of());
        }

        /** Stops the process cleanly, as an operator does, and starts it with these settings added. */
        Duration restartWith(List<String> settings) {
            process.close();
            return start(settings);
        }

        private Duration start(List<String> settings) {
            List<String> before = heartbeats();
            List<String> arguments = new java.util.ArrayList<>(SERVER_ARGUMENTS);
            arguments.addAll(settings);
            process = launch.start("server-" + name + "-" + (++starts), port, arguments, logs);
            Duration ready = process.awaitReady(http, base() + "/fhir/metadata", Duration.ofMinutes(5));
            List<String> started = new java.util.ArrayList<>(heartbeats());
            started.removeAll(before);
            if (started.size() != 1) {
                throw new IllegalStateException("expected one new heartbeat for instance " + name + ", saw " + started);
            }
            processName = started.get(0);
            http.authorize(base(), http.clientCredentialsToken(base(), ServerLaunch.CLIENT, launch.clientSecret(),
                    ServerLaunch.SCOPES));
            return ready;
        }

        void kill() {
            process.kill();
        }

        private List<String> heartbeats() {
            try {
                return database.queryStrings("select instance from instance_heartbeat");
            } catch (IllegalStateException noTableYet) {
                // the first start on an empty database creates it
                return List.of();
            }
        }

        boolean alive() {
            try {
                return process != null && process.alive() && http.get(base() + "/fhir/metadata").statusCode() == 200;
            } catch (RuntimeException unreachable) {
                return false;
            }
        }

        JsonNode status(String patient) {
            return client().status(patient);
        }

        @Override
        public void close() {
            if (process != null) {
                process.close();
            }
        }
    }

    /** @param only the scenarios to run (after the twin, which they all compare with); empty: all of them */
    record ChaosConfig(boolean quick, int days, int stormNotifications, int outageNotifications,
            int subscriptionEvents, int budgetPatients, int postgresPort, int serverPort, int simulatorPort, Path root,
            java.util.Set<String> only) {

        static final java.util.Set<String> SCENARIOS = java.util.Set.of("connections-dropped", "database-restart",
                "database-outage-webhooks", "withings-faults", "grant-revoked", "kill-backfill", "subscriber-down",
                "webhook-storm", "fuzz", "budget");

        static ChaosConfig parse(String[] args) {
            boolean quick = false;
            Path root = Path.of(".").toAbsolutePath().normalize();
            java.util.Set<String> only = new java.util.TreeSet<>();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--quick" -> quick = true;
                    case "--root" -> root = Path.of(args[++i]).toAbsolutePath().normalize();
                    case "--only" -> only.addAll(java.util.Arrays.asList(args[++i].split(",")));
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + "; use --quick, --root DIR, --only SCENARIO[,SCENARIO...]");
                }
            }
            if (!SCENARIOS.containsAll(only)) {
                throw new IllegalArgumentException("unknown scenario in --only " + only + "; choose from "
                        + new java.util.TreeSet<>(SCENARIOS));
            }
            // the budget scenario restarts both instances and waits on the real budget for minutes: default pass only
            return new ChaosConfig(quick, quick ? 60 : 365, quick ? 400 : 2_000, quick ? 100 : 400, quick ? 50 : 200,
                    quick && !only.contains("budget") ? 0 : 16, 18432, 18380, 18390, root, only);
        }
    }
}
