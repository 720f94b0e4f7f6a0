package dev.pulsebridge.bench;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Withings calls the simulator counted for some patients, by service and action, split into reads of
 * their data (what a backfill's size drives), per-record reads (a night's series, an ECG's signal) and
 * webhook setup (a fixed cost of each link). Token calls
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
        return byService.entrySet().stream().filter(call -> !isNotify(call.getKey()) && !isPerRecord(call.getKey()))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /**
     * One call per record of a list: a night's series (sleep get), a day's slices (getintradayactivity), each
     * for the records since their series history, and a recording's ECG signal (heart get). Driven by the
     * number of nights, days and recordings, not the window.
     */
    long perRecord() {
        return PER_RECORD.stream().mapToLong(read -> of(read.call())).sum();
    }

    /** Every read of data: lists and per-record reads. */
    long reads() {
        return data() + perRecord();
    }

    /** @param serviceAndAction as the simulator counts them, e.g. {@code v2/sleep get} */
    long of(String serviceAndAction) {
        return byService.getOrDefault(serviceAndAction, 0L);
    }

    /** A per-record read and what it brings. */
    record PerRecordRead(String call, String brings) {
    }

    static final List<PerRecordRead> PER_RECORD = List.of(
            new PerRecordRead("v2/sleep get", "a night's stages and per-minute series"),
            new PerRecordRead("v2/measure getintradayactivity", "a day's slices"),
            new PerRecordRead("v2/heart get", "an ECG's strip"));

    private static boolean isPerRecord(String serviceAndAction) {
        return PER_RECORD.stream().anyMatch(read -> read.call().equals(serviceAndAction));
    }

    private static boolean isNotify(String serviceAndAction) {
        return serviceAndAction.startsWith("notify ");
    }
}
