package dev.pulsebridge.simulator.data;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Heart {@code get}: the signal behind a recording of the heart list, synthesised from the recording when
 * asked (seeded by its signal id): a BPM Core (model 44) records 20 s at 500 Hz, the watches 30 s at
 * 300 Hz; beats at the recording's heart rate, each a P wave, a QRS complex and a T wave, in µV, with a
 * little noise.
 */
final class EcgSignals {

    private static final int BPM_CORE = 44;

    private EcgSignals() {
    }

    static Map<String, Object> get(SimUser user, Map<String, String> params) {
        String signalId = params.get("signalid");
        ObjectNode recording = signalId == null ? null : user.rows(Dataset.HEART).get(signalId);
        if (recording == null) {
            throw dev.pulsebridge.simulator.api.WithingsError.invalidParams("unknown signalid " + signalId);
        }
        int model = recording.path("model").asInt(BPM_CORE);
        int hertz = model == BPM_CORE ? 500 : 300;
        int seconds = model == BPM_CORE ? 20 : 30;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("signal", signal(Long.parseLong(signalId), hertz, seconds, recording.path("heart_rate").asInt(60)));
        body.put("sampling_frequency", hertz);
        body.put("wearposition", model == BPM_CORE ? 2 : 1);
        body.put("model", model);
        body.put("heart_rate", recording.path("heart_rate").asInt(60));
        return body;
    }

    private static List<Integer> signal(long seed, int hertz, int seconds, int heartRate) {
        Random noise = new Random(seed);
        double beat = 60.0 / Math.max(30, heartRate);
        return IntStream.range(0, hertz * seconds).mapToObj(i -> {
            double phase = (i / (double) hertz % beat) / beat;
            double microvolts = wave(phase, 0.15, 0.025, 120) + wave(phase, 0.235, 0.006, -120) + wave(phase, 0.25, 0.008, 1100)
                    + wave(phase, 0.265, 0.007, -250) + wave(phase, 0.45, 0.04, 280);
            return (int) Math.round(microvolts + noise.nextGaussian() * 8);
        }).toList();
    }

    private static double wave(double phase, double centre, double width, double height) {
        double distance = (phase - centre) / width;
        return height * Math.exp(-distance * distance / 2);
    }
}
