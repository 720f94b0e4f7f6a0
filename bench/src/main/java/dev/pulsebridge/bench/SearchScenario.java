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

    public SearchScenario(Http http, PulsebridgeClient server) {
        this.http = http;
        this.server = server;
    }

    public void run(List<BackfillScenario.LinkedPatient> patients, int clients, Duration warmup, Duration duration,
            Table table) {
        String since = LocalDate.now(ZoneOffset.UTC).minusDays(30).toString();
        measure("latest weights", patients, clients, warmup, duration, table, patient -> "/Observation?subject=Patient/"
                + patient + "&code=" + PulsebridgeClient.encode("http://loinc.org|29463-7") + "&date=ge" + since
                + "&_sort=-date&_count=50");
        measure("vital signs", patients, clients, warmup, duration, table,
                patient -> "/Observation?subject=Patient/" + patient + "&category=vital-signs");
        measure("Patient/$everything", patients, clients, warmup, duration, table,
                patient -> "/Patient/" + patient + "/$everything?_count=50");
    }

    private void measure(String name, List<BackfillScenario.LinkedPatient> patients, int clients, Duration warmup,
            Duration duration, Table table, Function<String, String> query) {
        Load.Request request = index -> {
            String patient = patients.get(ThreadLocalRandom.current().nextInt(patients.size())).id();
            Http.expect(http.get(server.fhir() + query.apply(patient)), 200);
        };
        Load.during(clients, warmup, request);
        Load.Outcome outcome = Load.during(clients, duration, request);
        table.add(Figure.of("5 search", name + ", p50", outcome.latencies().median(), "ms"));
        table.add(Figure.of("5 search", name + ", p95", outcome.latencies().percentile(95), "ms").atMost(100));
        table.add(Figure.of("5 search", name + ", requests/s (" + clients + " clients)", outcome.perSecond(), "/s"));
    }
}
