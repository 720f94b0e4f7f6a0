package dev.pulsebridge.mapping.withings;

import java.util.List;

/**
 * A heart {@code get} answer: the signal behind one ECG recording.
 *
 * @param samplingHz samples per second (BPM Core 500, Move ECG and ScanWatch 300)
 * @param microvolts the samples, in µV
 * @param wearPosition where the device was worn, as Withings codes it (undocumented); null if not sent
 */
public record EcgSignal(int samplingHz, List<Integer> microvolts, Integer wearPosition) {

    public EcgSignal {
        microvolts = List.copyOf(microvolts);
    }
}
