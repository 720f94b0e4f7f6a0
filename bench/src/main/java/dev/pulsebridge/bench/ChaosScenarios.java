package dev.pulsebridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulsebridge.bench.ChaosMain.Instance;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/** The faults bench/chaos brings, each ending in rows of the report. */
final class ChaosScenarios {

    /** A linked patient and what its backfill stored. */
    record Patient(String id, long withingsUser, ObservationCensus census) {
    }

    private static final Duration BACKFILL_TIMEOUT = Duration.ofMinutes(20);
    private static final long STORM_BASE = 1_000_000_000L;

    private final ChaosReport report;
    private final SimulatorClient simulator;
    private final BenchDatabase database;
    private final int days;
    private final long seed;
    private final Duration resumeTarget;
    private int patients;

    ChaosScenarios(ChaosReport report, SimulatorClient simulator, BenchDatabase database, int days, long seed,
            Duration resumeTarget) {
        this.report = report;
        this.simulator = simulator;
        this.database = database;
        this.days = days;
        this.seed = seed;
        this.resumeTarget = resumeTarget;
    }

    Patient undisturbedTwin(Instance server) {
        String id = link(server);
        awaitComplete(server, id);
        ObservationCensus census = ObservationCensus.of(server.http(), server.base() + "/fhir", id);
        report.add(new ChaosReport.Row("twin", "backfilled " + days + " days with nothing disturbed",
                "complete, no identifier stored twice", census.total() + " Observations, " + census.codes().size()
                        + " codes, " + census.duplicates() + " twice", null, census.total() > 0 && census.duplicates() == 0));
        return new Patient(id, withingsUser(id), census);
    }

    /** Twice, on a patient of its own each time: the instance running the backfill is killed. */
    void killDuringBackfill(Patient twin, Instance a, Instance b) {
        for (int round = 1; round <= 2; round++) {
            Instance linkedThrough = round == 1 ? a : b;
            String id = link(linkedThrough);
            String scenario = "kill -9 during backfill #" + round;
            Optional<String> owner = awaitRunningJob(id);
            if (owner.isEmpty()) {
                report.add(new ChaosReport.Row(scenario, "kill -9 of the instance running the backfill",
                        "a backfill still running to kill", "it completed first", null, false));
                continue;
            }
            Instance victim = owner.get().startsWith(a.processName() + "-") ? a : b;
            Instance survivor = victim == a ? b : a;
            long killedAt = System.nanoTime();
            victim.kill();
            Duration resumed = awaitOwnerOtherThan(id, owner.get());
            report.add(new ChaosReport.Row(scenario, "kill -9 of instance " + victim.name() + " while it held the job",
                    "instance " + survivor.name() + " takes the job over within " + resumeTarget.toSeconds() + " s",
                    resumed == null ? "not taken over in " + BACKFILL_TIMEOUT.toMinutes() + " min"
                            : "taken over after " + ChaosReport.seconds(resumed),
                    resumed, resumed != null && resumed.compareTo(resumeTarget) <= 0));
            awaitComplete(survivor, id);
            compareWithTwin(scenario + ": result", survivor, id, twin);
            Duration restart = victim.start();
            report.context(scenario + ".restartSeconds", restart.toMillis() / 1000.0);
            report.context(scenario + ".killToCompleteSeconds", (System.nanoTime() - killedAt) / 1e9);
        }
    }

    /** What a PostgreSQL restart does to the servers: every pooled connection dies at once, mid-backfill. */
    void connectionsDroppedDuringBackfill(Patient twin, Instance a, Instance b) {
        String id = link(a);
        String scenario = "database connections dropped during backfill";
        if (awaitRunningJob(id).isEmpty()) {
            report.add(new ChaosReport.Row(scenario, "every connection terminated", "a backfill still running",
                    "it completed first", null, false));
            return;
        }
        long before = written(a, id);
        long droppedAt = System.nanoTime();
        int terminated = database.terminateConnections();
        Duration resumed = await(() -> written(a, id) > before || complete(a, id));
        boolean bothUp = a.alive() && b.alive();
        report.add(new ChaosReport.Row(scenario, "pg_terminate_backend of all " + terminated + " server connections",
                "both instances recover by themselves, the backfill goes on",
                (resumed == null ? "no progress" : "progress again after " + ChaosReport.seconds(resumed))
                        + (bothUp ? ", both instances answer" : ", an instance is down"),
                resumed, resumed != null && bothUp));
        awaitComplete(a, id);
        compareWithTwin(scenario + ": result", a, id, twin);
        report.context(scenario + ".seconds", (System.nanoTime() - droppedAt) / 1e9);
    }

    /**
     * Eight clients post notifications (each a window of its own, in 2001, where the simulator holds
     * nothing) to both instances, as Withings would: a refused or failed post is retried, on the other
     * instance. Halfway, instance a is killed (and stays down).
     */
    void webhookStormWithKill(Patient twin, Instance a, Instance b, int notifications, String webhookSecret) {
        Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
        Set<String> written = ConcurrentHashMap.newKeySet();
        AtomicInteger posted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        String writer = "chaos-writer";
        a.client().putPatient(writer);
        long started = System.nanoTime();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        for (int i = 0; i < notifications / 4; i++) {
            // an EHR writing at the same time, through both instances: every 2xx must be readable afterwards
            String id = "chaos-write-" + i;
            int first = i % 2;
            clients.submit(() -> {
                List<Instance> order = first == 0 ? List.of(a, b) : List.of(b, a);
                for (int attempt = 0; attempt < 6; attempt++) {
                    if (putObservation(order.get(attempt % 2), id, writer)) {
                        written.add(id);
                        return;
                    }
                    ManagedProcess.sleep(100L * (attempt + 1));
                }
            });
        }
        for (int i = 0; i < notifications; i++) {
            long start = STORM_BASE + i;
            int first = i % 2;
            clients.submit(() -> {
                if (posted.incrementAndGet() == notifications / 2) {
                    a.kill();
                }
                List<Instance> order = first == 0 ? List.of(a, b) : List.of(b, a);
                for (int attempt = 0; attempt < 6; attempt++) {
                    Instance target = order.get(attempt % 2);
                    int status = postNotification(target, webhookSecret, twin.withingsUser(), start);
                    if (status == 200) {
                        acknowledged.add(start);
                        return;
                    }
                    refused.incrementAndGet();
                    ManagedProcess.sleep(100L * (attempt + 1));
                }
            });
        }
        clients.shutdown();
        awaitTermination(clients);
        double seconds = (System.nanoTime() - started) / 1e9;
        long stored = database.queryLong("select count(distinct start_date) from webhook_inbox where withings_user_id = '"
                + twin.withingsUser() + "' and start_date between " + STORM_BASE + " and " + (STORM_BASE + notifications));
        report.add(new ChaosReport.Row("webhook storm, kill -9 halfway", notifications + " notifications from 8 clients "
                + "to both instances, instance a killed after " + notifications / 2 + "; failed posts retried",
                "every acknowledged notification stored", acknowledged.size() + " acknowledged (" + refused.get()
                        + " failed posts retried), " + stored + " stored, in " + String.format("%.1f s", seconds),
                null, stored >= acknowledged.size() && acknowledged.size() == notifications));
        long readable = written.stream().filter(id -> b.http().get(b.base() + "/fhir/Observation/" + id).statusCode() == 200)
                .count();
        report.add(new ChaosReport.Row("FHIR writes, kill -9 halfway", notifications / 4 + " Observations PUT through both "
                + "instances during the storm; failed writes retried", "every acknowledged write readable afterwards",
                written.size() + " acknowledged, " + readable + " readable", null,
                readable == written.size() && written.size() == notifications / 4));
        Duration drained = await(() -> database.queryLong("select count(*) from webhook_inbox where outcome = 'pending'") == 0
                && database.queryLong("select count(*) from sync_job where state in ('pending', 'running')") == 0);
        ObservationCensus after = ObservationCensus.of(b.http(), b.base() + "/fhir", twin.id());
        report.add(new ChaosReport.Row("webhook storm: processing", "the survivor works through what both took in",
                "every notification processed, no Observation twice", (drained == null ? "work left after "
                        + BACKFILL_TIMEOUT.toMinutes() + " min" : "all processed " + ChaosReport.seconds(drained)
                        + " after the storm") + "; " + after.total() + " Observations (before: " + twin.census().total()
                        + "), " + after.duplicates() + " twice",
                drained, drained != null && after.sameAs(twin.census())));
    }

    /** The requests issue 20 found sinking the server, each expected to get a 4xx and leave nothing behind. */
    void fuzz(Instance server, Patient twin, String webhookSecret) {
        String fhir = server.base() + "/fhir";
        StringBuilder huge = new StringBuilder(61 * 1024 * 1024).append("{\"resourceType\":\"Patient\",\"id\":\"chaos-fuzz-1\",\"name\":[{\"given\":[");
        while (huge.length() < 60 * 1024 * 1024) {
            huge.append("\"a\",");
        }
        huge.append("\"a\"]}]}");
        byte[] body = huge.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        // sent chunked, without a length to refuse it by: the server must stop reading at its bound
        long uploadStarted = System.nanoTime();
        int uploadStatus = RawUpload.chunked("127.0.0.1", URI.create(server.base()).getPort(), "PUT",
                "/fhir/Patient/chaos-fuzz-1", "Authorization: " + server.bearer() + "\r\nContent-Type: " + Http.FHIR_JSON
                        + "\r\n", body);
        fuzzRow(server, "a 60 MB JSON body of tiny strings, chunked", new Timed(uploadStatus,
                Duration.ofNanos(System.nanoTime() - uploadStarted)), "chaos-fuzz-1");
        huge.setLength(0);
        String nestedJson = "{\"url\":\"http://example.org/x\",\"valueString\":\"a\"}";
        for (int i = 0; i < 10_000; i++) {
            nestedJson = "{\"url\":\"http://example.org/x\",\"extension\":[" + nestedJson + "]}";
        }
        fuzzRow(server, "JSON with 10,000 nested extensions", put(server, fhir + "/Patient/chaos-fuzz-2", Http.FHIR_JSON,
                "{\"resourceType\":\"Patient\",\"id\":\"chaos-fuzz-2\",\"extension\":[" + nestedJson + "]}"), "chaos-fuzz-2");
        String nestedXml = "<Patient xmlns=\"http://hl7.org/fhir\"><id value=\"chaos-fuzz-3\"/>"
                + "<extension url=\"http://example.org/x\">".repeat(10_000) + "<valueString value=\"a\"/>"
                + "</extension>".repeat(10_000) + "</Patient>";
        fuzzRow(server, "XML with 10,000 nested extensions", put(server, fhir + "/Patient/chaos-fuzz-3",
                "application/fhir+xml", nestedXml), "chaos-fuzz-3");
        String codes = "subject=Patient/" + twin.id() + "&code=http://loinc.org%7C29463-7".repeat(1_000);
        fuzzRow(server, "a search AND-ing 1,000 codes", send(server, HttpRequest.newBuilder(URI.create(fhir
                + "/Observation/_search")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(codes))), null);
        String user = Long.toString(twin.withingsUser());
        String webhook = server.base() + "/withings/webhook/" + webhookSecret;
        for (String form : List.of("userid=" + user + "&appli=9999999999", "userid=" + user
                + "&appli=1&startdate=9999999999999999999", "userid=" + user + "&appli=1&enddate=" + Long.MAX_VALUE)) {
            long before = database.queryLong("select count(*) from webhook_inbox");
            Timed answer = send(server, HttpRequest.newBuilder(URI.create(webhook))
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)));
            boolean nothingStored = database.queryLong("select count(*) from webhook_inbox") == before;
            boolean up = server.alive();
            report.add(new ChaosReport.Row("fuzz", "webhook " + form.substring(form.indexOf('&') + 1), "400, nothing stored",
                    answer.status() + " in " + ChaosReport.seconds(answer.took()) + (nothingStored ? ", nothing stored" : ", STORED")
                            + (up ? "" : ", server down"), null, answer.status() == 400 && nothingStored && up));
        }
    }

    private void fuzzRow(Instance server, String done, Timed answer, String patientId) {
        boolean up = server.alive();
        boolean nothingStored = patientId == null
                || server.http().get(server.base() + "/fhir/Patient/" + patientId).statusCode() == 404;
        report.add(new ChaosReport.Row("fuzz", done, "4xx, server up, nothing stored",
                answer.status() + " in " + ChaosReport.seconds(answer.took()) + (up ? ", server up" : ", server DOWN")
                        + (nothingStored ? "" : ", STORED"), null,
                answer.status() >= 400 && answer.status() < 500 && up && nothingStored));
    }

    private record Timed(int status, Duration took) {
    }

    private Timed put(Instance server, String url, String contentType, String body) {
        return send(server, HttpRequest.newBuilder(URI.create(url)).header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** The answer's status, or -1 when the server closed the connection without one. */
    private Timed send(Instance server, HttpRequest.Builder request) {
        long started = System.nanoTime();
        int status;
        try {
            status = server.http().send(request.timeout(Duration.ofMinutes(2)).build()).statusCode();
        } catch (RuntimeException noAnswer) {
            System.out.println("   (no answer: " + noAnswer.getMessage() + ")");
            status = -1;
        }
        return new Timed(status, Duration.ofNanos(System.nanoTime() - started));
    }

    private static boolean putObservation(Instance target, String id, String patient) {
        String body = """
                {"resourceType": "Observation", "id": "%s", "status": "final",
                 "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category",
                                           "code": "vital-signs"}]}],
                 "code": {"coding": [{"system": "http://loinc.org", "code": "29463-7", "display": "Body weight"}]},
                 "subject": {"reference": "Patient/%s"}, "effectiveDateTime": "2020-01-01T08:00:00Z",
                 "valueQuantity": {"value": 70.5, "unit": "kg", "system": "http://unitsofmeasure.org", "code": "kg"}}"""
                .formatted(id, patient);
        try {
            HttpResponse<String> response = target.http().send(HttpRequest.newBuilder(URI.create(target.base()
                    + "/fhir/Observation/" + id)).timeout(Duration.ofSeconds(20)).header("Content-Type", Http.FHIR_JSON)
                    .PUT(HttpRequest.BodyPublishers.ofString(body)).build());
            return response.statusCode() == 200 || response.statusCode() == 201;
        } catch (RuntimeException refused) {
            return false;
        }
    }

    private static int postNotification(Instance target, String secret, long withingsUser, long start) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(target.base()
                    + "/withings/webhook/" + secret)).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("userid=" + withingsUser + "&appli=1&startdate=" + start
                            + "&enddate=" + (start + 1))).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode();
        } catch (IOException refused) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private void compareWithTwin(String scenario, Instance server, String id, Patient twin) {
        ObservationCensus census = ObservationCensus.of(server.http(), server.base() + "/fhir", id);
        report.add(new ChaosReport.Row(scenario, "Observations per code against the undisturbed twin",
                "identical, no identifier twice", census.sameAs(twin.census()) ? census.total() + " Observations, "
                        + census.codes().size() + " codes, identical" : census.differenceFrom(twin.census()),
                null, census.sameAs(twin.census())));
    }

    /** A new patient linked to a new Withings user holding the twin's data, its backfill started. */
    private String link(Instance server) {
        String id = "chaos-" + (patients++ == 0 ? "twin" : "patient-" + patients);
        long user = simulator.createUser();
        // the simulator seeds each user's history with seed ^ userid: this gives every user the same one
        simulator.generate(user, days, seed ^ user);
        server.client().putPatient(id);
        server.client().link(id, user, "P" + days + "D");
        return id;
    }

    private long withingsUser(String patientId) {
        return Long.parseLong(database.queryStrings("select withings_user_id from withings_account where patient_id = '"
                + patientId + "'").get(0));
    }

    private long accountId(String patientId) {
        return database.queryLong("select id from withings_account where patient_id = '" + patientId + "'");
    }

    /** The lease owner of the patient's running sync job, as soon as one runs; empty if the backfill ends first. */
    private Optional<String> awaitRunningJob(String patientId) {
        long account = accountId(patientId);
        long deadline = System.nanoTime() + BACKFILL_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            List<String> owners = database.queryStrings("select lease_owner from sync_job where account_id = " + account
                    + " and state = 'running' and kind = 'backfill'");
            if (!owners.isEmpty()) {
                return Optional.of(owners.get(0));
            }
            if (database.queryLong("select count(*) from sync_job where account_id = " + account
                    + " and state in ('pending', 'running')") == 0) {
                return Optional.empty();
            }
            ManagedProcess.sleep(50);
        }
        return Optional.empty();
    }

    /** From now until the patient's work is held by another owner (or done); null if neither happens in time. */
    private Duration awaitOwnerOtherThan(String patientId, String deadOwner) {
        long account = accountId(patientId);
        return await(() -> {
            List<String> owners = database.queryStrings("select lease_owner from sync_job where account_id = " + account
                    + " and state = 'running'");
            boolean unfinished = database.queryLong("select count(*) from sync_job where account_id = " + account
                    + " and state in ('pending', 'running')") > 0;
            return owners.stream().anyMatch(owner -> !owner.equals(deadOwner)) || !unfinished;
        });
    }

    private void awaitComplete(Instance server, String patientId) {
        if (await(() -> complete(server, patientId)) == null) {
            throw new IllegalStateException("the backfill of " + patientId + " did not complete within "
                    + BACKFILL_TIMEOUT.toMinutes() + " min");
        }
    }

    private static boolean complete(Instance server, String patientId) {
        return backfill(server, patientId).flatMap(backfill -> PulsebridgeClient.part(backfill, "complete"))
                .map(part -> part.path("valueBoolean").asBoolean()).orElse(false);
    }

    private static long written(Instance server, String patientId) {
        return backfill(server, patientId).flatMap(backfill -> PulsebridgeClient.part(backfill, "observationsWritten"))
                .map(part -> part.path("valueInteger").asLong()).orElse(0L);
    }

    private static Optional<JsonNode> backfill(Instance server, String patientId) {
        try {
            return PulsebridgeClient.parameter(server.status(patientId), "backfill");
        } catch (RuntimeException notNow) {
            // the database may be away for a moment; the caller asks again
            return Optional.empty();
        }
    }

    private static Duration await(BooleanSupplier condition) {
        long started = System.nanoTime();
        long deadline = started + BACKFILL_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return Duration.ofNanos(System.nanoTime() - started);
                }
            } catch (RuntimeException notYet) {
                // a server or the database between states: ask again
            }
            ManagedProcess.sleep(100);
        }
        return null;
    }

    private static void awaitTermination(ExecutorService pool) {
        try {
            if (!pool.awaitTermination(10, TimeUnit.MINUTES)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
