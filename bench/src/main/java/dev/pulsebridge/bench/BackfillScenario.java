package dev.pulsebridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Scenario 1: every patient is linked at once and backfilled from the simulator; Observations written
 * per second over the whole backfill, and each patient's time from consent to a complete backfill.
 */
public final class BackfillScenario {

    /** A patient linked to a simulated Withings user. */
    public record LinkedPatient(String id, long withingsUser) {
    }

    private final PulsebridgeClient server;
    private final SimulatorClient simulator;

    public BackfillScenario(PulsebridgeClient server, SimulatorClient simulator) {
        this.server = server;
        this.simulator = simulator;
    }

    /**
     * @param linked       the patients, all backfilled
     * @param observations Observations the backfill wrote, as the patients' status reports them
     * @param seconds      from the first consent to the last complete backfill
     * @param perPatient   seconds from each patient's consent to its complete backfill
     */
    public record Result(List<LinkedPatient> linked, long observations, double seconds, Samples perPatient) {

        public double perSecond() {
            return observations / seconds;
        }
    }

    public Result run(int patients, int days) {
        return run("bench-", patients, days);
    }

    /** @param prefix the patients' ids start with it: {@code bench-0}, {@code bench-1}... */
    public Result run(String prefix, int patients, int days) {
        List<LinkedPatient> linked = new ArrayList<>();
        for (int i = 0; i < patients; i++) {
            long user = simulator.createUser();
            simulator.generate(user, days, 1000 + i);
            String patient = prefix + i;
            server.putPatient(patient);
            linked.add(new LinkedPatient(patient, user));
        }
        long[] linkedAt = new long[patients];
        long[] completedAt = new long[patients];
        long[] written = new long[patients];
        long started = System.nanoTime();
        for (int i = 0; i < patients; i++) {
            server.link(linked.get(i).id(), linked.get(i).withingsUser(), "P" + days + "D");
            linkedAt[i] = System.nanoTime();
        }
        int remaining = patients;
        long deadline = System.nanoTime() + 3_600_000_000_000L;
        while (remaining > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("backfill did not complete within an hour");
            }
            ManagedProcess.sleep(250);
            for (int i = 0; i < patients; i++) {
                if (completedAt[i] != 0) {
                    continue;
                }
                JsonNode status = server.status(linked.get(i).id());
                PulsebridgeClient.parameter(status, "failedJob").ifPresent(failed -> {
                    throw new IllegalStateException("a backfill job failed: " + failed);
                });
                JsonNode backfill = PulsebridgeClient.parameter(status, "backfill").orElse(null);
                if (backfill != null && PulsebridgeClient.part(backfill, "complete")
                        .map(p -> p.path("valueBoolean").asBoolean()).orElse(false)) {
                    completedAt[i] = System.nanoTime();
                    written[i] = PulsebridgeClient.part(backfill, "observationsWritten")
                            .map(p -> p.path("valueInteger").asLong()).orElse(0L);
                    remaining--;
                }
            }
        }
        long finished = 0;
        long total = 0;
        Samples perPatient = new Samples();
        for (int i = 0; i < patients; i++) {
            finished = Math.max(finished, completedAt[i]);
            total += written[i];
            perPatient.add((completedAt[i] - linkedAt[i]) / 1e9);
        }
        Result result = new Result(linked, total, (finished - started) / 1e9, perPatient);
        System.out.printf("   %d Observations in %.1f s: %.0f Observations/s%n", total, result.seconds(), result.perSecond());
        return result;
    }
}
