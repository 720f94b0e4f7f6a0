package dev.pulsebridge.bench;

import dev.pulsebridge.mapping.fhir.StableIds;
import dev.pulsebridge.terminology.Canonicals;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Scenario 2: with every patient linked, readings arrive at the simulator at a steady rate; each one's
 * time from the simulator notifying to the Observation being found by a search, and to a rest-hook
 * subscriber hearing of it.
 */
public final class FreshnessScenario {

    private final Http http;
    private final PulsebridgeClient server;
    private final SimulatorClient simulator;

    public FreshnessScenario(Http http, PulsebridgeClient server, SimulatorClient simulator) {
        this.http = http;
        this.server = server;
        this.simulator = simulator;
    }

    /**
     * @param perPatientGap time between two readings of one patient (a person does not weigh in every
     *                      second; closer readings are merged into one Withings read on purpose)
     */
    public void run(List<BackfillScenario.LinkedPatient> patients, Duration perPatientGap, Duration duration,
            Table table) {
        try (NotificationSink sink = new NotificationSink()) {
            String subscription = RestHookSubscription.create(http, server.fhir(), sink.endpoint(), null);
            Samples searchable = new Samples();
            Samples notified = new Samples();
            ConcurrentLinkedQueue<String> missing = new ConcurrentLinkedQueue<>();
            long intervalNanos = perPatientGap.toNanos() / patients.size();
            int readings = (int) (duration.toNanos() / intervalNanos);
            ExecutorService watchers = Executors.newFixedThreadPool(32);
            long start = System.nanoTime();
            for (int i = 0; i < readings; i++) {
                long due = start + i * intervalNanos;
                ManagedProcess.sleep(Math.max(0, (due - System.nanoTime()) / 1_000_000));
                BackfillScenario.LinkedPatient patient = patients.get(i % patients.size());
                long grpid = 9_000_000_000L + patient.withingsUser() * 10_000 + i;
                long added = System.nanoTime();
                simulator.addWeighIn(patient.withingsUser(), grpid, 70_000 + i, true);
                watchers.submit(() -> watch(patient.withingsUser(), grpid, added, sink, searchable, notified, missing));
            }
            watchers.shutdown();
            awaitTermination(watchers);
            RestHookSubscription.delete(http, server.fhir(), subscription);
            table.context("freshness.readings", readings);
            table.context("freshness.readingsPerSecond", readings / (duration.toNanos() / 1e9));
            if (!missing.isEmpty()) {
                throw new IllegalStateException("readings never became searchable or notified: " + missing);
            }
            table.add(Figure.of("2 freshness", "reading → searchable, p50", searchable.median(), "ms"));
            table.add(Figure.of("2 freshness", "reading → searchable, p95", searchable.percentile(95), "ms").atMost(1000));
            table.add(Figure.of("2 freshness", "reading → searchable, p99", searchable.percentile(99), "ms"));
            table.add(Figure.of("2 freshness", "reading → rest-hook subscriber, p50", notified.median(), "ms"));
            table.add(Figure.of("2 freshness", "reading → rest-hook subscriber, p95", notified.percentile(95), "ms").atMost(2000));
            table.add(Figure.of("2 freshness", "reading → rest-hook subscriber, p99", notified.percentile(99), "ms"));
        }
    }

    private void watch(long user, long grpid, long added, NotificationSink sink, Samples searchable, Samples notified,
            ConcurrentLinkedQueue<String> missing) {
        String identifier = SimulatorClient.weightIdentifier(user, grpid);
        String reference = "Observation/" + StableIds.observation(identifier);
        String search = server.fhir() + "/Observation?identifier="
                + PulsebridgeClient.encode(Canonicals.OBSERVATION_IDENTIFIER + "|" + identifier) + "&_elements=id";
        long deadline = added + 30_000_000_000L;
        boolean found = false;
        while (System.nanoTime() < deadline && !found) {
            if (http.getJson(search).path("entry").size() > 0) {
                searchable.addNanos(System.nanoTime() - added);
                found = true;
            } else {
                ManagedProcess.sleep(10);
            }
        }
        while (System.nanoTime() < deadline && sink.arrivedNanos(reference) == null) {
            ManagedProcess.sleep(10);
        }
        Long arrived = sink.arrivedNanos(reference);
        if (!found || arrived == null) {
            missing.add(reference);
            return;
        }
        notified.addNanos(arrived - added);
    }

    static void awaitTermination(ExecutorService executor) {
        try {
            if (!executor.awaitTermination(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("watchers did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
