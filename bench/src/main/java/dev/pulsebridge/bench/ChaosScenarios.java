package dev.pulsebridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulsebridge.bench.ChaosMain.Instance;
import dev.pulsebridge.terminology.Canonicals;
import dev.pulsebridge.terminology.Family;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/** The faults bench/chaos brings, each ending in rows of the report. */
final class ChaosScenarios {

    /** A linked patient and what its backfill stored. */
    record Patient(String id, long withingsUser, ObservationCensus census) {
    }

    private static final Duration BACKFILL_TIMEOUT = Duration.ofMinutes(20);
    private static final long STORM_BASE = 1_000_000_000L;
    /** Notifications during the outage name windows in late 2004, where the simulator holds nothing either. */
    private static final long OUTAGE_BASE = 1_100_000_000L;
    private static final Duration OUTAGE = Duration.ofSeconds(10);
    private static final int SUBSCRIBER_PORT = 18395;
    private static final Duration SUBSCRIBER_OUTAGE = Duration.ofSeconds(10);
    private static final int BUDGET_HISTORY_DAYS = 30;

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
            Optional<RunningJob> running = awaitRunningJob(id);
            if (running.isEmpty()) {
                report.add(new ChaosReport.Row(scenario, "kill -9 of the instance running the backfill",
                        "a backfill still running to kill", "it completed first", null, false));
                continue;
            }
            Instance victim = running.get().owner().startsWith(a.processName() + "-") ? a : b;
            Instance survivor = victim == a ? b : a;
            long killedAt = System.nanoTime();
            victim.kill();
            Duration resumed = awaitTakenOver(running.get());
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

    /** PostgreSQL itself goes away (a service stop: clients disconnected, clean shutdown) and comes back. */
    void databaseRestartDuringBackfill(Patient twin, Instance a, Instance b, ChaosPostgres postgres) {
        String id = link(b);
        String scenario = "PostgreSQL restarted during backfill";
        if (awaitRunningJob(id).isEmpty()) {
            report.add(new ChaosReport.Row(scenario, "PostgreSQL stopped", "a backfill still running", "it completed first",
                    null, false));
            return;
        }
        long before = written(b, id);
        postgres.stop();
        // the outage itself: the database stays away this long whatever the servers do
        ManagedProcess.sleep(OUTAGE.toMillis());
        postgres.start();
        Duration resumed = await(() -> written(b, id) > before || complete(b, id));
        boolean bothUp = a.alive() && b.alive();
        report.add(new ChaosReport.Row(scenario, "PostgreSQL stopped (pg_ctl stop -m fast) mid-backfill, started "
                + OUTAGE.toSeconds() + " s later", "both instances recover by themselves, the backfill goes on",
                (resumed == null ? "no progress" : "progress again " + ChaosReport.seconds(resumed) + " after the start")
                        + (bothUp ? ", both instances answer" : ", an instance is down"),
                resumed, resumed != null && bothUp));
        awaitComplete(b, id);
        compareWithTwin(scenario + ": result", b, id, twin);
    }

    /**
     * Withings posts notifications while PostgreSQL is down: each must be refused (so Withings retries), fast,
     * and none acknowledged; once the database is back, Withings' retries are acknowledged and stored.
     */
    void webhooksDuringDatabaseOutage(Patient twin, Instance a, Instance b, ChaosPostgres postgres, int notifications,
            String webhookSecret) {
        Map<Integer, AtomicInteger> outageAnswers = new ConcurrentHashMap<>();
        Samples answerMillis = new Samples();
        Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
        postgres.stop();
        try {
            ExecutorService clients = Executors.newFixedThreadPool(8);
            for (int i = 0; i < notifications; i++) {
                long start = OUTAGE_BASE + i;
                Instance target = i % 2 == 0 ? a : b;
                clients.submit(() -> {
                    long posted = System.nanoTime();
                    int status = postNotification(target, webhookSecret, twin.withingsUser(), start);
                    answerMillis.addNanos(System.nanoTime() - posted);
                    outageAnswers.computeIfAbsent(status, any -> new AtomicInteger()).incrementAndGet();
                    if (status == 200) {
                        acknowledged.add(start);
                    }
                });
            }
            clients.shutdown();
            awaitTermination(clients);
        } finally {
            postgres.start();
        }
        int refused = outageAnswers.getOrDefault(503, new AtomicInteger()).get();
        // the first requests of an outage wait out the pool's connection timeout (5 s); after that each
        // instance knows the database is away and refuses at once
        report.add(new ChaosReport.Row("webhooks, PostgreSQL down", notifications + " notifications posted once to both "
                + "instances, 8 at a time, while PostgreSQL is stopped", "each refused with 503 (Withings retries), none "
                + "acknowledged, none slower than the pool's 5 s connection timeout", "answers " + outageAnswers
                + String.format(", median %.0f ms, slowest %.0f ms", answerMillis.median(), answerMillis.max()),
                null, refused == notifications && answerMillis.max() <= 6_000));
        // Withings tries again later: every refused notification, until it is acknowledged
        long restarted = System.nanoTime();
        AtomicLong firstAcknowledged = new AtomicLong();
        ExecutorService retries = Executors.newFixedThreadPool(8);
        for (int i = 0; i < notifications; i++) {
            long start = OUTAGE_BASE + i;
            Instance target = i % 2 == 0 ? a : b;
            if (acknowledged.contains(start)) {
                continue;
            }
            retries.submit(() -> {
                for (int attempt = 0; attempt < 60; attempt++) {
                    if (postNotification(target, webhookSecret, twin.withingsUser(), start) == 200) {
                        firstAcknowledged.compareAndSet(0, System.nanoTime());
                        acknowledged.add(start);
                        return;
                    }
                    ManagedProcess.sleep(1_000);
                }
            });
        }
        retries.shutdown();
        awaitTermination(retries);
        long stored = storedNotifications(twin, OUTAGE_BASE, notifications);
        Duration recovered = firstAcknowledged.get() == 0 ? null : Duration.ofNanos(firstAcknowledged.get() - restarted);
        report.add(new ChaosReport.Row("webhooks, PostgreSQL back", "PostgreSQL started; Withings retries each refused "
                + "notification every second", "every notification acknowledged and stored", acknowledged.size()
                        + " acknowledged, " + stored + " stored", recovered,
                acknowledged.size() == notifications && stored == notifications));
        Duration drained = awaitDrained();
        report.add(new ChaosReport.Row("webhooks, PostgreSQL back: processing", "the instances work through what they "
                + "took in", "every notification processed", drained == null ? "work left after "
                + BACKFILL_TIMEOUT.toMinutes() + " min" : "all processed " + ChaosReport.seconds(drained)
                + " after the retries", drained, drained != null));
    }

    /**
     * Withings misbehaves during a backfill, each fault aimed at this user's calls: HTTP 500s, error
     * envelopes, a 601 (too many requests) and an answer later than the server's read timeout.
     */
    void withingsFaultsDuringBackfill(Patient twin, Instance server) {
        long user = twinUser(days);
        List<String> faults = List.of(
                simulator.fault(user, "getmeas", 2, "\"http_status\": 500"),
                simulator.fault(user, "getsummary", 2, "\"status\": 522"),
                simulator.fault(user, "getactivity", 1, "\"status\": 601"),
                simulator.fault(user, "getworkouts", 1, "\"delay_ms\": "
                        + (ChaosMain.WITHINGS_READ_TIMEOUT.toMillis() + 1_000)));
        long started = System.nanoTime();
        String id = connect(server, user, days);
        awaitComplete(server, id);
        List<String> jobs = database.queryStrings("select count(*) || ' jobs, ' || coalesce(sum(attempts), 0) || "
                + "' attempts, ' || count(*) filter (where state = 'failed') || ' failed' from sync_job where account_id = "
                + accountId(id));
        report.add(new ChaosReport.Row("Withings faults during backfill", String.join("; ", faults),
                "the backfill retries what failed and completes", "complete after " + String.format("%.1f s",
                        (System.nanoTime() - started) / 1e9) + ": " + jobs.get(0), null, complete(server, id)));
        compareWithTwin("Withings faults during backfill: result", server, id, twin);
    }

    /**
     * Withings revokes the grant mid-backfill (the user removed the app, or Withings reset it): the work must
     * wait rather than fail, and the patient's reconnecting must finish it, with nothing twice.
     */
    void grantRevokedDuringBackfill(Patient twin, Instance server) {
        String id = link(server);
        String scenario = "grant revoked during backfill";
        long user = withingsUser(id);
        if (awaitRunningJob(id).isEmpty()) {
            report.add(new ChaosReport.Row(scenario, "revoked at Withings", "a backfill still running", "it completed first",
                    null, false));
            return;
        }
        simulator.revoke(user);
        long account = accountId(id);
        Duration noticed = await(() -> !"connected".equals(database.queryStrings(
                "select status from withings_account where id = " + account).get(0)));
        long failed = database.queryLong("select count(*) from sync_job where account_id = " + account
                + " and state = 'failed'");
        report.add(new ChaosReport.Row(scenario, "Withings revokes the patient's tokens mid-backfill", "the account shows "
                + "disconnected, its work waits, no job failed", (noticed == null ? "still connected" : "disconnected after "
                + ChaosReport.seconds(noticed)) + ", " + failed + " failed jobs", noticed, noticed != null && failed == 0));
        server.client().link(id, user, "P" + days + "D");
        awaitComplete(server, id);
        compareWithTwin(scenario + ": after reconnecting", server, id, twin);
    }

    /**
     * A subscriber's endpoint goes away while events pile up, written through both instances, and instance a
     * is killed meanwhile. When the subscriber is back, instance b alone delivers every event, in order, once.
     */
    void subscriberDownAcrossAKill(Instance a, Instance b, int events) {
        String patient = "chaos-subscribed";
        a.client().putPatient(patient);
        String subscription;
        try (NotificationSink sink = new NotificationSink(SUBSCRIBER_PORT)) {
            subscription = RestHookSubscription.create(a.http(), a.base() + "/fhir", sink.endpoint(), patient);
        }
        int written = 0;
        for (int i = 0; i < events; i++) {
            // one writer, so the events have one order to keep
            written += putObservation(i % 2 == 0 ? a : b, "chaos-subscribed-" + i, patient) ? 1 : 0;
        }
        a.kill();
        // the subscriber stays away a little longer: b is now the only instance, and a's leases are void
        ManagedProcess.sleep(SUBSCRIBER_OUTAGE.toMillis());
        Duration delivered;
        List<Long> received;
        try (NotificationSink back = new NotificationSink(SUBSCRIBER_PORT)) {
            delivered = await(() -> back.eventNumbers().stream().distinct().count() >= events);
            // anything sent twice would come right behind the last one
            ManagedProcess.sleep(2_000);
            received = back.eventNumbers();
        }
        long distinct = received.stream().distinct().count();
        boolean inOrder = java.util.stream.IntStream.range(1, received.size())
                .allMatch(i -> received.get(i) > received.get(i - 1));
        report.add(new ChaosReport.Row("subscriber down, kill -9", "rest-hook subscriber down; " + events + " Observations of "
                + "its patient written through both instances (" + written + " acknowledged); instance a killed; "
                + "subscriber back " + SUBSCRIBER_OUTAGE.toSeconds() + " s later", "instance b delivers every event, in "
                + "order, once", received.size() + " events received, " + distinct + " distinct, "
                + (inOrder ? "in order" : "OUT OF ORDER") + (delivered == null ? ", not all delivered" : ", all "
                + ChaosReport.seconds(delivered) + " after the subscriber came back"), delivered,
                written == events && delivered != null && inOrder && received.size() == events && distinct == events));
        a.start();
        RestHookSubscription.delete(b.http(), b.base() + "/fhir", subscription);
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
        long stored = storedNotifications(twin, STORM_BASE, notifications);
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
        Duration drained = awaitDrained();
        ObservationCensus after = ObservationCensus.of(b.http(), b.base() + "/fhir", twin.id());
        report.add(new ChaosReport.Row("webhook storm: processing", "the survivor works through what both took in",
                "every notification processed, no Observation twice", (drained == null ? "work left after "
                        + BACKFILL_TIMEOUT.toMinutes() + " min" : "all processed " + ChaosReport.seconds(drained)
                        + " after the storm") + "; " + after.total() + " Observations (before: " + twin.census().total()
                        + "), " + after.duplicates() + " twice",
                drained, drained != null && after.sameAs(twin.census())));
    }

    /**
     * Both instances restart with Withings' real budget and the simulator enforces it, then patients link
     * through both at once: together the instances must keep under it (not one 601), and every backfill
     * must still complete, identical to the twin's.
     */
    void sharedBudget(Instance a, Instance b, int callsPerMinute, int patientCount) {
        a.restartWith(List.of("--pulsebridge.withings.calls-per-minute=" + callsPerMinute));
        b.restartWith(List.of("--pulsebridge.withings.calls-per-minute=" + callsPerMinute));
        simulator.rateLimitPerMinute(callsPerMinute);
        long refusedBefore = simulator.rateLimited();
        java.util.Map<String, Long> reasonsBefore = simulator.rateLimitedByReason();
        long callsBefore = simulator.totalCalls();
        long started = System.nanoTime();
        List<String> ids = new java.util.ArrayList<>();
        List<Instance> through = new java.util.ArrayList<>();
        for (int i = 0; i < patientCount; i++) {
            Instance server = i % 2 == 0 ? a : b;
            // short histories, so the calls come faster than the budget allows and writing is not the limit
            ids.add(connect(server, twinUser(BUDGET_HISTORY_DAYS), BUDGET_HISTORY_DAYS));
            through.add(server);
        }
        for (int i = 0; i < ids.size(); i++) {
            awaitComplete(through.get(i), ids.get(i));
        }
        double minutes = (System.nanoTime() - started) / 60e9;
        long calls = simulator.totalCalls() - callsBefore;
        long refused = simulator.rateLimited() - refusedBefore;
        java.util.Map<String, Long> reasons = new java.util.TreeMap<>(simulator.rateLimitedByReason());
        reasons.replaceAll((reason, count) -> count - reasonsBefore.getOrDefault(reason, 0L));
        reasons.values().removeIf(count -> count == 0);
        ObservationCensus first = ObservationCensus.of(through.get(0).http(), through.get(0).base() + "/fhir", ids.get(0));
        long identical = java.util.stream.IntStream.range(0, ids.size()).filter(i -> ObservationCensus.of(
                through.get(i).http(), through.get(i).base() + "/fhir", ids.get(i)).sameAs(first)).count();
        report.add(new ChaosReport.Row("shared Withings budget", "both instances restarted with calls-per-minute="
                + callsPerMinute + ", the simulator refusing (601) anything over it; " + patientCount + " patients with "
                + BUDGET_HISTORY_DAYS + " days each linked through both at once", "not one call refused; every backfill "
                + "complete, all alike, no identifier twice", String.format("%d calls in %.1f min (%.0f a minute), %d "
                        + "refused%s; %d of %d alike (%d Observations each), %d twice", calls, minutes, calls / minutes,
                        refused, reasons.isEmpty() ? "" : " " + reasons, identical, ids.size(), first.total(), first.duplicates()), null,
                refused == 0 && identical == ids.size() && first.total() > 0 && first.duplicates() == 0));
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
                                           "code": "vital-signs"}]},
                              {"coding": [{"system": "%s", "code": "%s"}]}],
                 "code": {"coding": [{"system": "http://loinc.org", "code": "29463-7", "display": "Body weight"}]},
                 "subject": {"reference": "Patient/%s"}, "effectiveDateTime": "2020-01-01T08:00:00Z",
                 "valueQuantity": {"value": 70.5, "unit": "kg", "system": "http://unitsofmeasure.org", "code": "kg"}}"""
                .formatted(id, Canonicals.DATA_FAMILY, Family.VITAL_SIGNS.code(), patient);
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

    /** Distinct notifications stored for the twin's user with start dates from {@code base}. */
    private long storedNotifications(Patient twin, long base, int notifications) {
        return database.queryLong("select count(distinct start_date) from webhook_inbox where withings_user_id = '"
                + twin.withingsUser() + "' and start_date >= " + base + " and start_date < " + (base + notifications));
    }

    /** Until every stored notification is processed and no sync job is left; null if that takes too long. */
    private Duration awaitDrained() {
        return await(() -> database.queryLong("select count(*) from webhook_inbox where outcome = 'pending'") == 0
                && database.queryLong("select count(*) from sync_job where state in ('pending', 'running')") == 0);
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
        return connect(server, twinUser(days), days);
    }

    /**
     * A new Withings user holding the twin's data (the same seed): the {@code history - 1} days before today.
     * Not today, whose generated readings run into the evening: an open-ended read (the catch-up after a
     * reconnect) would rightly find readings a backfill window ending now cannot, and nothing on the
     * window's first day, so patients linked minutes apart read the same.
     */
    private long twinUser(int history) {
        long user = simulator.createUser();
        // the simulator seeds each user's history with seed ^ userid: this gives every user the same one
        simulator.generate(user, history - 1, seed ^ user, java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(1));
        return user;
    }

    /** A new patient linked to {@code user}, backfilling {@code history} days. */
    private String connect(Instance server, long user, int history) {
        String id = "chaos-" + (patients++ == 0 ? "twin" : "patient-" + patients);
        server.client().putPatient(id);
        server.client().link(id, user, "P" + history + "D");
        return id;
    }

    private long withingsUser(String patientId) {
        return Long.parseLong(database.queryStrings("select withings_user_id from withings_account where patient_id = '"
                + patientId + "'").get(0));
    }

    private long accountId(String patientId) {
        return database.queryLong("select id from withings_account where patient_id = '" + patientId + "'");
    }

    /** A backfill job running under a lease. */
    record RunningJob(long id, String owner) {
    }

    /** The patient's first running backfill job, as soon as one runs; empty if the backfill ends first. */
    private Optional<RunningJob> awaitRunningJob(String patientId) {
        long account = accountId(patientId);
        long deadline = System.nanoTime() + BACKFILL_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            List<String> running = database.queryStrings("select id || ' ' || lease_owner from sync_job where account_id = "
                    + account + " and state = 'running' and kind = 'backfill' order by id");
            if (!running.isEmpty()) {
                String[] job = running.get(0).split(" ", 2);
                return Optional.of(new RunningJob(Long.parseLong(job[0]), job[1]));
            }
            if (database.queryLong("select count(*) from sync_job where account_id = " + account
                    + " and state in ('pending', 'running')") == 0) {
                return Optional.empty();
            }
            ManagedProcess.sleep(50);
        }
        return Optional.empty();
    }

    /** From now until the job runs under another owner (or is done); null if neither happens in time. */
    private Duration awaitTakenOver(RunningJob job) {
        return await(() -> {
            List<String> now = database.queryStrings("select state || ' ' || coalesce(lease_owner, '') from sync_job where id = "
                    + job.id());
            String[] stateAndOwner = now.get(0).split(" ", 2);
            return "done".equals(stateAndOwner[0])
                    || "running".equals(stateAndOwner[0]) && !stateAndOwner[1].equals(job.owner());
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
