package dev.pulsebridge.bench;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Withings calls the simulator counted for some patients, by service and action, split into reads of
 * their data (what a backfill's size drives), a night's series (one call a night) and webhook setup (a
 * fixed cost of each link). Token calls
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

    /** Reads of lists (measures, nights, days, workouts, ECGs), which a window's size drives. */
    long data() {
        return byService.entrySet().stream().filter(call -> !isNotify(call.getKey()) && !isNightSeries(call.getKey()))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** One sleep get per night since the series history: driven by the number of nights, not the window. */
    long nightSeries() {
        return byService.getOrDefault(NIGHT_SERIES, 0L);
    }

    private static final String NIGHT_SERIES = "v2/sleep get";

    private static boolean isNightSeries(String serviceAndAction) {
        return NIGHT_SERIES.equals(serviceAndAction);
    }

    private static boolean isNotify(String serviceAndAction) {
        return serviceAndAction.startsWith("notify ");
    }
}
