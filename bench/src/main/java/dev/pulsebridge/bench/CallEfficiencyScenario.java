package dev.pulsebridge.bench;

import dev.pulsebridge.mapping.fhir.StableIds;
import java.util.List;

/**
 * Scenario 4: a burst of readings per user (a scale syncing after a week offline sends one notification
 * per weigh-in); Withings API calls per notification, and no call over Withings' rate limit.
 */
public final class CallEfficiencyScenario {

    private final Http http;
    private final PulsebridgeClient server;
    private final SimulatorClient simulator;
    private final BenchDatabase database;

    public CallEfficiencyScenario(Http http, PulsebridgeClient server, SimulatorClient simulator, BenchDatabase database) {
        this.http = http;
        this.server = server;
        this.simulator = simulator;
        this.database = database;
    }

    public void run(List<BackfillScenario.LinkedPatient> patients, int perUser, Table table) {
        awaitIdle();
        long callsBefore = calls(patients);
        long rateLimitedBefore = simulator.rateLimited();
        for (int i = 0; i < perUser; i++) {
            for (BackfillScenario.LinkedPatient patient : patients) {
                simulator.addWeighIn(patient.withingsUser(), burstGrpid(patient, i), 60_000 + i, true);
            }
        }
        long deadline = System.nanoTime() + 120_000_000_000L;
        for (BackfillScenario.LinkedPatient patient : patients) {
            String last = StableIds.observation(
                    SimulatorClient.weightIdentifier(patient.withingsUser(), burstGrpid(patient, perUser - 1)));
            while (http.get(server.fhir() + "/Observation/" + last).statusCode() != 200) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("burst readings of " + patient.id() + " never arrived");
                }
                ManagedProcess.sleep(50);
            }
        }
        ManagedProcess.sleep(1000); // notifications the simulator sent out of order
        awaitIdle();
        long notifications = (long) perUser * patients.size();
        double perNotification = (double) (calls(patients) - callsBefore) / notifications;
        table.context("burst.notifications", notifications);
        table.add(Figure.of("4 Withings calls", "calls per notification (" + perUser + " per user)", perNotification, "")
                .atMost(1.3));
        table.add(Figure.of("4 Withings calls", "calls refused for the rate limit (601)",
                simulator.rateLimited() - rateLimitedBefore, "").atMost(0));
    }

    private static long burstGrpid(BackfillScenario.LinkedPatient patient, int reading) {
        return 8_000_000_000L + patient.withingsUser() * 1_000 + reading;
    }

    private long calls(List<BackfillScenario.LinkedPatient> patients) {
        return patients.stream().mapToLong(p -> simulator.userCalls(p.withingsUser())).sum();
    }

    /**
     * Waits until every stored notification is dispatched and no sync job is waiting or running, so the
     * counts hold only this burst's calls.
     */
    private void awaitIdle() {
        long deadline = System.nanoTime() + 300_000_000_000L;
        while (database.queryLong("select (select count(*) from webhook_inbox where outcome = 'pending')"
                + " + (select count(*) from sync_job where state in ('pending', 'running') and next_run_at < now() + interval '1 minute')") > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("notifications and sync jobs did not drain within 5 minutes");
            }
            ManagedProcess.sleep(100);
        }
    }
}
