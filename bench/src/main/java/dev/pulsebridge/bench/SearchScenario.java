package dev.pulsebridge.bench;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.function.Function;

/**
 * Scenario 5: the searches an EHR and a dashboard make, 8 clients, on a patient with the same
 * Observations in Pulsebridge and in stock HAPI. Each search runs on both servers back to back (the
 * order alternating from one search to the next); the operations stock HAPI cannot answer without
 * Elasticsearch ({@code $lastn}) or does not have ({@code $stats}) run on Pulsebridge alone.
 */
public final class SearchScenario {

    /** A server and the patient whose copy of the Observations it holds. */
    public record Searched(FhirTarget target, String patient) {
    }

    private record Measured(Load.Outcome outcome, double serverCpuMillisPerRequest) {
    }

    private final Http http;
    private int searchesRun;

    public SearchScenario(Http http) {
        this.http = http;
    }

    /**
     * @param narrowToken a token whose scopes do not cover everything ({@code system/Observation.rs
     *                    system/Patient.rs}), so every resource of an answer is checked against them: the
     *                    same search measured with it shows what those checks cost
     * @param fullToken   the driver's own token, put back afterwards
     * @param readModel   whether the server keeps the read model, without which $lastn and $stats answer 501
     */
    public void run(Searched pulsebridge, Searched stock, int clients, Duration warmup, Duration duration, Table table,
            String narrowToken, String fullToken, boolean readModel) {
        // what the earlier scenarios left (the intake's notifications are still being synced) must not be
        // counted as the searches' CPU
        settle(pulsebridge.target(), Duration.ofMinutes(3));
        String since = LocalDate.now(ZoneOffset.UTC).minusDays(30).toString();
        compare("latest weights", pulsebridge, stock, clients, warmup, duration, table, patient -> "/Observation?subject=Patient/"
                + patient + "&code=" + PulsebridgeClient.encode("http://loinc.org|29463-7") + "&date=ge" + since
                + "&_sort=-date&_count=50");
        compare("vital signs", pulsebridge, stock, clients, warmup, duration, table,
                patient -> "/Observation?subject=Patient/" + patient + "&category=vital-signs");
        compare("Patient/$everything", pulsebridge, stock, clients, warmup, duration, table,
                patient -> "/Patient/" + patient + "/$everything?_count=50");
        if (readModel) {
            compare("Observation/$lastn, every code, max 3", pulsebridge, null, clients, warmup, duration, table,
                    patient -> "/Observation/$lastn?patient=" + patient + "&max=3");
            // latency without queueing: what one clinician opening one patient waits for
            compare("Observation/$lastn, every code, max 3, one client", pulsebridge, null, 1, warmup, duration, table,
                    patient -> "/Observation/$lastn?patient=" + patient + "&max=3");
            // the dashboard worklist's question for a patient: the latest blood pressure, weight and SpO2
            compare("Observation/$lastn, worklist (BP, weight, SpO2, max 1)", pulsebridge, null, clients, warmup, duration,
                    table, patient -> "/Observation/$lastn?patient=" + patient + "&max=1&code=" + PulsebridgeClient.encode(
                            "http://loinc.org|85354-9,http://loinc.org|29463-7,http://loinc.org|2708-6,http://loinc.org|59408-5"));
            compare("Observation/$stats, BP panel, 30 days", pulsebridge, null, clients, warmup, duration, table,
                    patient -> "/Observation/$stats?subject=Patient/" + patient + "&system=http://loinc.org&code=85354-9"
                            + "&statistic=average,minimum,maximum,count,median&duration=720");
        }
        http.authorize(baseOf(pulsebridge), narrowToken);
        try {
            compare("vital signs, every resource checked against the scopes", pulsebridge, null, clients, warmup, duration,
                    table, patient -> "/Observation?subject=Patient/" + patient + "&category=vital-signs");
        } finally {
            http.authorize(baseOf(pulsebridge), fullToken);
        }
    }

    private static String baseOf(Searched searched) {
        String fhir = searched.target().fhirBase();
        return fhir.substring(0, fhir.length() - "/fhir".length());
    }

    /** The targets at 8 clients: 100 ms for searches of one patient's readings, 300 ms for a whole record. */
    private static double p95Target(String name) {
        return name.contains("$everything") ? 300 : 100;
    }

    /** Pulsebridge's figures, with stock HAPI's beside them when it answers the same search. */
    private void compare(String name, Searched pulsebridge, Searched stock, int clients, Duration warmup,
            Duration duration, Table table, Function<String, String> query) {
        Machine.recordLoad(table, "5 search: " + name);
        Measured ours;
        Measured theirs = null;
        boolean stockFirst = stock != null && searchesRun++ % 2 == 1;
        if (stockFirst) {
            theirs = measure(stock, clients, warmup, duration, query);
        }
        ours = measure(pulsebridge, clients, warmup, duration, query);
        if (stock != null && !stockFirst) {
            theirs = measure(stock, clients, warmup, duration, query);
        }
        table.add(compared(Figure.of("5 search", name + ", p50", ours.outcome().latencies().median(), "ms"),
                theirs == null ? Double.NaN : theirs.outcome().latencies().median()));
        table.add(compared(Figure.of("5 search", name + ", p95", ours.outcome().latencies().percentile(95), "ms"),
                theirs == null ? Double.NaN : theirs.outcome().latencies().percentile(95)).atMost(p95Target(name)));
        table.add(compared(Figure.of("5 search", name + ", requests/s (" + clients + " clients)",
                ours.outcome().perSecond(), "/s"), theirs == null ? Double.NaN : theirs.outcome().perSecond()));
        table.add(compared(Figure.of("5 search", name + ", server CPU per request", ours.serverCpuMillisPerRequest(), "ms"),
                theirs == null ? Double.NaN : theirs.serverCpuMillisPerRequest()));
    }

    private static Figure compared(Figure figure, double stock) {
        return Double.isNaN(stock) ? figure : figure.against(stock);
    }

    private Measured measure(Searched searched, int clients, Duration warmup, Duration duration,
            Function<String, String> query) {
        String url = searched.target().fhirBase() + query.apply(searched.patient());
        Load.Request request = index -> Http.expect(http.get(url), 200);
        Load.during(clients, warmup, request);
        settle(searched.target(), Duration.ofSeconds(15));
        double cpuBefore = searched.target().process().cpuSeconds();
        Load.Outcome outcome = Load.during(clients, duration, request);
        // work the requests left behind (audit records stored in the background) counts too
        settle(searched.target(), Duration.ofSeconds(15));
        double cpuPerRequest = (searched.target().process().cpuSeconds() - cpuBefore) * 1000 / outcome.requests();
        return new Measured(outcome, cpuPerRequest);
    }

    /** Waits until the server is nearly idle (under a tenth of a core for half a second), at most {@code limit}. */
    private static void settle(FhirTarget target, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        double last = target.process().cpuSeconds();
        while (System.nanoTime() < deadline) {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            double now = target.process().cpuSeconds();
            if (now - last < 0.05) {
                return;
            }
            last = now;
        }
    }
}
