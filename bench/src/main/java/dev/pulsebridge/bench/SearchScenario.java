package dev.pulsebridge.bench;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/** Scenario 5: the searches an EHR and a dashboard make on the populated database, 8 clients. */
public final class SearchScenario {

    private final Http http;
    private final PulsebridgeClient server;
    private final ManagedProcess serverProcess;

    public SearchScenario(Http http, PulsebridgeClient server, ManagedProcess serverProcess) {
        this.http = http;
        this.server = server;
        this.serverProcess = serverProcess;
    }

    /**
     * @param narrowToken a token whose scopes do not cover everything ({@code system/Observation.rs
     *                    system/Patient.rs}), so every resource of an answer is checked against them: the
     *                    same search measured with it shows what those checks cost
     * @param fullToken   the driver's own token, put back afterwards
     * @param readModel   whether the server keeps the read model, without which $lastn and $stats answer 501
     */
    public void run(List<BackfillScenario.LinkedPatient> patients, int clients, Duration warmup, Duration duration,
            Table table, String narrowToken, String fullToken, boolean readModel) {
        // what the earlier scenarios left (the intake's notifications are still being synced) must not be
        // counted as the searches' CPU
        settle(Duration.ofMinutes(3));
        String since = LocalDate.now(ZoneOffset.UTC).minusDays(30).toString();
        measure("latest weights", patients, clients, warmup, duration, table, patient -> "/Observation?subject=Patient/"
                + patient + "&code=" + PulsebridgeClient.encode("http://loinc.org|29463-7") + "&date=ge" + since
                + "&_sort=-date&_count=50");
        measure("vital signs", patients, clients, warmup, duration, table,
                patient -> "/Observation?subject=Patient/" + patient + "&category=vital-signs");
        measure("Patient/$everything", patients, clients, warmup, duration, table,
                patient -> "/Patient/" + patient + "/$everything?_count=50");
        if (readModel) {
            measure("Observation/$lastn, every code, max 3", patients, clients, warmup, duration, table,
                    patient -> "/Observation/$lastn?patient=" + patient + "&max=3");
            // latency without queueing: what one clinician opening one patient waits for
            measure("Observation/$lastn, every code, max 3, one client", patients, 1, warmup, duration, table,
                    patient -> "/Observation/$lastn?patient=" + patient + "&max=3");
            // the dashboard worklist's question for a patient: the latest blood pressure, weight and SpO2
            measure("Observation/$lastn, worklist (BP, weight, SpO2, max 1)", patients, clients, warmup, duration, table,
                    patient -> "/Observation/$lastn?patient=" + patient + "&max=1&code=" + PulsebridgeClient.encode(
                            "http://loinc.org|85354-9,http://loinc.org|29463-7,http://loinc.org|2708-6,http://loinc.org|59408-5"));
            measure("Observation/$stats, BP panel, 30 days", patients, clients, warmup, duration, table,
                    patient -> "/Observation/$stats?subject=Patient/" + patient + "&system=http://loinc.org&code=85354-9"
                            + "&statistic=average,minimum,maximum,count,median&duration=720");
        }
        http.authorize(server.base(), narrowToken);
        try {
            measure("vital signs, every resource checked against the scopes", patients, clients, warmup, duration, table,
                    patient -> "/Observation?subject=Patient/" + patient + "&category=vital-signs");
        } finally {
            http.authorize(server.base(), fullToken);
        }
    }

    private void measure(String name, List<BackfillScenario.LinkedPatient> patients, int clients, Duration warmup,
            Duration duration, Table table, Function<String, String> query) {
        Load.Request request = index -> {
            String patient = patients.get(ThreadLocalRandom.current().nextInt(patients.size())).id();
            Http.expect(http.get(server.fhir() + query.apply(patient)), 200);
        };
        Load.during(clients, warmup, request);
        settle(Duration.ofSeconds(15));
        double cpuBefore = serverProcess.cpuSeconds();
        Load.Outcome outcome = Load.during(clients, duration, request);
        // work the requests left behind (audit records stored in the background) counts too
        settle(Duration.ofSeconds(15));
        double cpuPerRequest = (serverProcess.cpuSeconds() - cpuBefore) * 1000 / outcome.requests();
        table.add(Figure.of("5 search", name + ", p50", outcome.latencies().median(), "ms"));
        table.add(Figure.of("5 search", name + ", p95", outcome.latencies().percentile(95), "ms").atMost(100));
        table.add(Figure.of("5 search", name + ", requests/s (" + clients + " clients)", outcome.perSecond(), "/s"));
        table.add(Figure.of("5 search", name + ", server CPU per request", cpuPerRequest, "ms"));
    }

    /** Waits until the server is nearly idle (under a tenth of a core for half a second), at most {@code limit}. */
    private void settle(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        double last = serverProcess.cpuSeconds();
        while (System.nanoTime() < deadline) {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            double now = serverProcess.cpuSeconds();
            if (now - last < 0.05) {
                return;
            }
            last = now;
        }
    }
}
