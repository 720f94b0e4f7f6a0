package dev.pulsebridge.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * bench/run: a fresh PostgreSQL database, the simulator and the server (as deployed: default settings
 * but for where Withings is), every scenario, one table. Everything started here is stopped at the end.
 */
public final class BenchMain {

    private BenchMain() {
    }

    /** Exits with 0 when every scenario ran, 1 otherwise; never waits on a thread some pool left behind. */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("chaos")) {
            // bench/chaos: the same jar, the other driver
            ChaosMain.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        try {
            run(args);
        } catch (Throwable failure) {
            failure.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private static void run(String[] args) {
        BenchConfig config = BenchConfig.parse(args);
        Table table = new Table();
        describeRun(config, table);
        Http http = new Http();
        BenchDatabase database = new BenchDatabase(config.pgHost(), config.pgPort(), config.pgUser(),
                config.pgPassword(), config.database());
        database.recreate();
        Path logs = config.root().resolve("bench/target/logs");
        Path simulatorJar = jar(config, "simulator/target/withings-simulator.jar");
        Path serverJar = jar(config, "server/target/pulsebridge-server.jar");
        Path stockJar = jar(config, "bench/stock-hapi/target/stock-hapi.jar");
        BenchDatabase stockDatabase = new BenchDatabase(config.pgHost(), config.pgPort(), config.pgUser(),
                config.pgPassword(), config.database() + "_stock");
        stockDatabase.recreate();
        String simulatorBase = "http://127.0.0.1:" + config.simulatorPort();
        String serverBase = "http://127.0.0.1:" + config.serverPort();
        ServerLaunch launch = new ServerLaunch(serverJar, database, simulatorBase, CALLS_PER_MINUTE);
        clientSecret = launch.clientSecret();
        String webhookSecret = launch.webhookSecret();
        List<String> serverArguments = serverArguments(config, launch);

        System.out.println("Pulsebridge benchmark (" + config.mode() + "): " + config.patients() + " patients × "
                + config.days() + " days; logs in " + logs);
        try (ManagedProcess simulatorProcess = ManagedProcess.start("simulator", simulatorJar, List.of(),
                List.of("--server.port=" + config.simulatorPort(), "--sim.rate-limit-per-minute=" + CALLS_PER_MINUTE),
                logs)) {
            simulatorProcess.awaitReady(http, simulatorBase + "/admin/stats", Duration.ofMinutes(2));
            Machine.recordLoad(table, "6 startup");
            ManagedProcess serverProcess = ManagedProcess.start("server", serverJar, ServerLaunch.jvmOptions(), serverArguments,
                    logs);
            ManagedProcess stockProcess = null;
            try {
                Duration startup = serverProcess.awaitReady(http, serverBase + "/fhir/metadata", Duration.ofMinutes(5));
                table.context("database.bytesAtStart", database.sizeBytes());
                // one after the other, so neither start competes with the other for the cores
                String stockBase = "http://127.0.0.1:" + (config.serverPort() + STOCK_PORT_OFFSET);
                stockProcess = ManagedProcess.start("stock-hapi", stockJar, List.of(), List.of(
                        "--server.port=" + (config.serverPort() + STOCK_PORT_OFFSET),
                        "--spring.datasource.url=" + stockDatabase.jdbcUrl(),
                        "--spring.datasource.username=" + stockDatabase.user(),
                        "--spring.datasource.password=" + stockDatabase.password()), logs);
                Duration stockStartup = stockProcess.awaitReady(http, stockBase + "/fhir/metadata", Duration.ofMinutes(5));
                table.context("stockDatabase.bytesAtStart", stockDatabase.sizeBytes());
                table.add(Figure.of("6 startup", "process start → /fhir/metadata, empty database",
                        startup.toMillis() / 1000.0, "s").against(stockStartup.toMillis() / 1000.0).atMost(20));
                http.authorize(serverBase, http.clientCredentialsToken(serverBase, BENCH_CLIENT, clientSecret, BENCH_SCOPES));
                FhirTarget stock = new FhirTarget("stock HAPI", stockBase + "/fhir", stockProcess);
                serverProcess = runScenarios(config, table, http, database, stockDatabase, stock, simulatorBase, serverBase,
                        webhookSecret, serverProcess, serverJar, serverArguments, logs);
            } finally {
                serverProcess.close();
                if (stockProcess != null) {
                    stockProcess.close();
                }
            }
        }
        String name = "bench-" + config.mode() + "-" + LocalDateTime.now(ZoneOffset.UTC)
                .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        table.write(config.results(), name);
        System.out.println();
        System.out.print(table.markdown());
        System.out.println();
        System.out.println("Written to " + config.results().resolve(name + ".json") + " and .md");
    }

    /** Withings' standard plan allows 120 calls a minute; the benchmark measures us, not that quota. */
    static final int CALLS_PER_MINUTE = 6_000;
    private static final String BENCH_CLIENT = ServerLaunch.CLIENT;
    private static final String BENCH_SCOPES = ServerLaunch.SCOPES;
    /** The driver's client secret at the server of this run. */
    private static String clientSecret;

    private static ManagedProcess runScenarios(BenchConfig config, Table table, Http http, BenchDatabase database,
            BenchDatabase stockDatabase, FhirTarget stock, String simulatorBase, String serverBase, String webhookSecret,
            ManagedProcess serverProcess, Path serverJar, List<String> serverArguments, Path logs) {
        PulsebridgeClient server = new PulsebridgeClient(http, serverBase);
        SimulatorClient simulator = new SimulatorClient(http, simulatorBase);
        FhirTarget pulsebridge = new FhirTarget("Pulsebridge", server.fhir(), serverProcess);

        phase("1 backfill: linking and backfilling " + config.patients() + " patients");
        Machine.recordLoad(table, "1 backfill");
        BackfillScenario.Result[] result = new BackfillScenario.Result[1];
        Cost backfillCost = Cost.of(pulsebridge, () -> {
            result[0] = new BackfillScenario(server, simulator).run(config.patients(), config.days());
            return Math.toIntExact(result[0].observations());
        });
        BackfillScenario.Result backfill = result[0];
        List<BackfillScenario.LinkedPatient> patients = backfill.linked();
        WithingsCalls calls = WithingsCalls.of(simulator, patients);
        table.context("backfill.withingsCalls", calls.byService());
        double patientYears = config.patients() * config.days() / 365.0;

        int yearDays = config.mode().equals("quick") ? 60 : 365;
        phase("1 onboarding: one patient with " + yearDays + " days of history, alone");
        Machine.recordLoad(table, "1 onboarding");
        long bytesBeforeYear = database.sizeBytes();
        BackfillScenario.Result year = new BackfillScenario(server, simulator).run("bench-year-", 1, yearDays);
        table.context("onboarding.databaseGrowthBytes", database.sizeBytes() - bytesBeforeYear);
        WithingsCalls yearCalls = WithingsCalls.of(simulator, year.linked());
        table.context("onboarding.withingsCalls", yearCalls.byService());
        table.context("onboarding.observations", year.observations());

        phase("1 writes: the same Observations over FHIR REST, to Pulsebridge and to stock HAPI");
        WriteComparison writes = new WriteComparison(http);
        List<FhirTarget> targets = List.of(pulsebridge, stock);
        // the first patient's whole history: it is also the patient both servers are searched on
        List<ObjectNode> history = writes.sample(server.fhir(), patients.get(0).id(), Integer.MAX_VALUE);
        Machine.recordLoad(table, "1 writes: transactions");
        Map<String, Cost> transactions = writes.transactions(history, targets, SEARCHED_PATIENT);
        Machine.recordLoad(table, "1 writes: one per request");
        Map<String, Cost> single = writes.oneByOne(history.subList(0, Math.min(history.size(), config.baselineObservations())),
                targets, "rest-patient", 4);
        table.context("writes.transactionObservations", history.size());
        table.context("writes.singleObservations", Math.min(history.size(), config.baselineObservations()));
        Cost stockTransactions = transactions.get(stock.name());

        table.add(Figure.of("1 backfill", "Observations written", backfill.observations(), ""));
        table.add(Figure.of("1 backfill", "ingest, all patients at once (stock: its transactions)", backfill.perSecond(),
                "obs/s").against(stockTransactions.perSecond()).atLeast(1000));
        table.add(Figure.of("1 backfill", "server CPU per Observation stored", backfillCost.serverCpuMillisPerUnit(), "ms")
                .against(stockTransactions.serverCpuMillisPerUnit()));
        table.add(Figure.of("1 backfill", "PostgreSQL CPU per Observation stored", backfillCost.postgresCpuMillisPerUnit(),
                "ms").against(stockTransactions.postgresCpuMillisPerUnit()));
        table.add(Figure.of("1 backfill", "Withings data calls per patient (" + config.days() + " days each)",
                (double) calls.data() / config.patients(), ""));
        table.add(Figure.of("1 backfill", "Withings per-record calls per patient (sleep get a recent night, heart get an ECG)",
                (double) calls.perRecord() / config.patients(), ""));
        table.add(Figure.of("1 backfill", "Withings webhook setup calls per patient (once per link)",
                (double) calls.webhookSetup() / config.patients(), ""));
        table.add(Figure.of("1 backfill", "patient-years backfilled per minute", patientYears / (backfill.seconds() / 60),
                "").atLeast(2.5));
        table.add(Figure.of("1 backfill", "time to complete per patient, median", backfill.perPatient().median(), "s"));
        table.add(Figure.of("1 backfill", "time to complete per patient, slowest", backfill.perPatient().max(), "s"));
        String yearRow = "one patient, " + yearDays + " days (" + year.observations() + " Observations)";
        table.add(Figure.of("1 onboarding", yearRow + ": Withings data calls per patient-year",
                yearCalls.data() / (yearDays / 365.0), "").atMost(15));
        Figure searchable = Figure.of("1 onboarding", yearRow + ": consent → every Observation searchable", year.seconds(), "s");
        // the target is for a year of history; the quick pass reads less
        table.add(yearDays >= 365 ? searchable.atMost(25) : searchable);
        table.add(Figure.of("1 onboarding", yearRow + ": Observations/s", year.perSecond(), "obs/s"));
        writeRows(table, "REST POST one per request, 4 clients", single.get(pulsebridge.name()), single.get(stock.name()), true);
        writeRows(table, "REST transactions of 100, conditional create", transactions.get(pulsebridge.name()),
                stockTransactions, false);
        if (config.backfillOnly()) {
            return seriesOnboarding(http, database, simulator, server, serverProcess, serverJar, serverArguments, logs, table,
                    yearDays, year, yearCalls);
        }

        phase("2 freshness: readings at a steady rate for " + config.freshness().toSeconds() + " s");
        new FreshnessScenario(http, server, simulator).run(patients, Duration.ofSeconds(5), config.freshness(), table);

        phase("3 webhook intake: " + config.intakeNotifications() + " notifications");
        new IntakeScenario(http, server, database, webhookSecret).run(patients, config.intakeNotifications(), 8, table);

        phase("4 Withings calls: a burst of " + config.burstPerUser() + " readings per user");
        new CallEfficiencyScenario(http, server, simulator, database).run(patients, config.burstPerUser(), table);

        phase("5 search: " + history.size() + " Observations of one patient, in both servers");
        new SearchScenario(http).run(new SearchScenario.Searched(pulsebridge, SEARCHED_PATIENT),
                new SearchScenario.Searched(stock, SEARCHED_PATIENT), 8, config.searchWarmup(), config.searchDuration(), table,
                http.clientCredentialsToken(serverBase, BENCH_CLIENT, clientSecret, "system/Observation.rs system/Patient.rs"),
                http.clientCredentialsToken(serverBase, BENCH_CLIENT, clientSecret, BENCH_SCOPES), config.readModel());

        phase("6 memory and storage");
        table.add(Figure.of("6 memory", "server RSS after the run (Pulsebridge " + ServerLaunch.HEAP + ", stock HAPI the JVM's default heap)",
                serverProcess.residentBytes() / (1L << 30), "GiB")
                .against(stock.process().residentBytes() / (1L << 30)).atMost(1));
        table.add(Figure.of("6 storage", "database growth per Observation stored", growthPerObservation(table, database,
                "database"), "KiB").against(growthPerObservation(table, stockDatabase, "stockDatabase")).atMost(6));
        if (config.restart()) {
            phase("6 restart");
            serverProcess.close();
            serverProcess = ManagedProcess.start("server-restart", serverJar, ServerLaunch.jvmOptions(), serverArguments,
                    logs);
            Duration restart = serverProcess.awaitReady(http, serverBase + "/fhir/metadata", Duration.ofMinutes(5));
            table.add(Figure.of("6 startup", "process start → /fhir/metadata, restart on the populated database",
                    restart.toMillis() / 1000.0, "s").atMost(30));
        }
        return seriesOnboarding(http, database, simulator, server, serverProcess, serverJar, serverArguments, logs, table,
                yearDays, year, yearCalls);
    }

    /**
     * Every time series on, for every record: a night's stages and per-minute series, a day's intraday slices and an
     * ECG's strip. The server is restarted with those settings and one patient with the onboarding's history is
     * linked alone, so its figures set the defaults' cost (series for the week before the link, intraday off)
     * against everything.
     */
    private static ManagedProcess seriesOnboarding(Http http, BenchDatabase database, SimulatorClient simulator,
            PulsebridgeClient server, ManagedProcess serverProcess, Path serverJar, List<String> serverArguments, Path logs,
            Table table, int days, BackfillScenario.Result defaults, WithingsCalls defaultCalls) {
        phase("7 time series: one patient with " + days + " days of history and every series on");
        serverProcess.close();
        List<String> everySeries = new ArrayList<>(serverArguments);
        everySeries.addAll(EVERY_SERIES);
        ManagedProcess seriesServer = ManagedProcess.start("server-series", serverJar, ServerLaunch.jvmOptions(), everySeries,
                logs);
        seriesServer.awaitReady(http, server.base() + "/fhir/metadata", Duration.ofMinutes(5));
        long bytesBefore = database.sizeBytes();
        Machine.recordLoad(table, "7 series");
        BackfillScenario.Result year = new BackfillScenario(server, simulator).run("bench-series-", 1, days);
        WithingsCalls calls = WithingsCalls.of(simulator, year.linked());
        table.context("series.withingsCalls", calls.byService());
        double years = days / 365.0;
        String row = "one patient, " + days + " days, every series on";
        table.add(Figure.of("7 series", row + ": Observations per patient-year (default settings: "
                + Math.round(defaults.observations() / years) + ")", year.observations() / years, ""));
        table.add(Figure.of("7 series", row + ": Withings calls per patient-year (default settings: "
                + Math.round(defaultCalls.reads() / years) + ")",
                calls.reads() / years, ""));
        WithingsCalls.PER_RECORD.forEach(read -> table.add(Figure.of("7 series", row + ": calls per patient-year, "
                + read.call() + " (" + read.brings() + "; default settings: " + Math.round(defaultCalls.of(read.call()) / years)
                + ")", calls.of(read.call()) / years, "")));
        table.add(Figure.of("7 series", row + ": minutes of Withings' 120 calls/min a patient-year's onboarding takes "
                + "(default settings: " + String.format("%.1f", defaultCalls.reads() / years / 120)
                + ")", calls.reads() / years / 120, "min"));
        table.add(Figure.of("7 series", row + ": consent → every Observation searchable (default settings: "
                + String.format("%.1f", defaults.seconds()) + " s)", year.seconds(), "s"));
        table.add(Figure.of("7 series", row + ": ingest rate (default settings: " + Math.round(defaults.perSecond())
                + " obs/s)", year.perSecond(), "obs/s"));
        long defaultGrowth = ((Number) table.contextValue("onboarding.databaseGrowthBytes")).longValue();
        table.add(Figure.of("7 series", row + ": database growth per patient-year (default settings: "
                + Math.round(defaultGrowth / years / (1 << 20)) + " MiB)", (database.sizeBytes() - bytesBefore) / years / (1 << 20),
                "MiB"));
        return seriesServer;
    }

    /** Every night's and day's series, whatever its distance from the link, and ECG strips (on by default). */
    private static final List<String> EVERY_SERIES = List.of("--pulsebridge.sync.sleep-series-history=36500d",
            "--pulsebridge.sync.intraday-activity=true", "--pulsebridge.sync.intraday-activity-history=36500d",
            "--pulsebridge.sync.ecg-signals=true");

    /** The patient whose copied history both servers hold and are searched on. */
    private static final String SEARCHED_PATIENT = "searched-patient";
    /** Stock HAPI listens this far above the server's port. */
    private static final int STOCK_PORT_OFFSET = 20;

    /** Rate, server CPU and PostgreSQL CPU per Observation of one way of writing, with stock HAPI's beside them. */
    private static void writeRows(Table table, String name, Cost ours, Cost stock, boolean atLeastStock) {
        Figure rate = Figure.of("1 writes", name, ours.perSecond(), "obs/s").against(stock.perSecond());
        table.add(atLeastStock ? rate.atLeast(stock.perSecond()) : rate);
        table.add(Figure.of("1 writes", name + ": server CPU per Observation", ours.serverCpuMillisPerUnit(), "ms")
                .against(stock.serverCpuMillisPerUnit()));
        table.add(Figure.of("1 writes", name + ": PostgreSQL CPU per Observation", ours.postgresCpuMillisPerUnit(), "ms")
                .against(stock.postgresCpuMillisPerUnit()));
    }

    /** KiB the database grew by per Observation it holds. */
    private static double growthPerObservation(Table table, BenchDatabase database, String name) {
        long observations = database.queryLong("select count(*) from hfj_resource where res_type = 'Observation'");
        long bytes = database.sizeBytes();
        table.context(name + ".observations", observations);
        table.context(name + ".bytes", bytes);
        long grown = bytes - ((Number) table.contextValue(name + ".bytesAtStart")).longValue();
        return grown / 1024.0 / observations;
    }

    private static List<String> serverArguments(BenchConfig config, ServerLaunch launch) {
        List<String> arguments = new java.util.ArrayList<>(launch.arguments(config.serverPort()));
        if (!config.audit()) {
            // only to measure what recording every request costs
            arguments.add("--pulsebridge.audit.enabled=false");
        }
        if (!config.readModel()) {
            // only to measure what keeping the $lastn/$stats read model costs the backfill
            arguments.add("--pulsebridge.readings.enabled=false");
        }
        return arguments;
    }

    private static void describeRun(BenchConfig config, Table table) {
        table.context("date", LocalDateTime.now(ZoneOffset.UTC).toString());
        table.context("mode", config.mode());
        table.context("audit", config.audit());
        table.context("readModel", config.readModel());
        table.context("patients", config.patients());
        table.context("daysPerPatient", config.days());
        table.context("cores", Runtime.getRuntime().availableProcessors());
        table.context("java", System.getProperty("java.version"));
        table.context("serverJvmOptions", String.join(" ", ServerLaunch.jvmOptions()));
        table.context("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    table.context("memoryKiB", Long.parseLong(line.replaceAll("[^0-9]", "")));
                }
            }
        } catch (Exception e) {
            // not Linux: no memory figure
        }
    }

    private static Path jar(BenchConfig config, String relative) {
        Path jar = config.root().resolve(relative);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build first (./mvnw -DskipTests package)");
        }
        return jar;
    }

    private static final long STARTED = System.nanoTime();

    static void phase(String text) {
        System.out.printf("== %s (at %.0f s)%n", text, (System.nanoTime() - STARTED) / 1e9);
    }
}
