package dev.pulsebridge.bench;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Withings calls the simulator counted for some patients, by service and action, split into reads of
 * their data (what a backfill's size drives) and webhook setup (a fixed cost of each link). Token calls
 * are not counted: the simulator keeps them apart.
 */
record WithingsCalls(Map<String, Long> byService) {

    static WithingsCalls of(SimulatorClient simulator, List<BackfillScenario.LinkedPatient> patients) {
        Map<String, Long> calls = new TreeMap<>();
        patients.forEach(patient -> simulator.userCallsByService(patient.withingsUser()).fields().forEachRemaining(
                call -> calls.merge(call.getKey(), call.getValue().asLong(), Long::sum)));
        return new WithingsCalls(calls);
    }

    long webhookSetup() {
        return byService.entrySet().stream().filter(call -> isNotify(call.getKey())).mapToLong(Map.Entry::getValue).sum();
    }

    long data() {
        return byService.entrySet().stream().filter(call -> !isNotify(call.getKey())).mapToLong(Map.Entry::getValue).sum();
    }

    private static boolean isNotify(String serviceAndAction) {
        return serviceAndAction.startsWith("notify ");
    }
}
