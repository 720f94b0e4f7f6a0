package dev.pulsebridge.simulator.api;

import java.util.LinkedHashMap;
import java.util.Map;

/** Withings' response shape: {@code {"status": 0, "body": {...}}}, or a status and an error text. */
public final class Envelope {

    private Envelope() {
    }

    public static Map<String, Object> ok(Object body) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("status", 0);
        envelope.put("body", body);
        return envelope;
    }

    public static Map<String, Object> error(WithingsError error) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("status", error.status());
        envelope.put("body", error.body());
        envelope.put("error", error.getMessage());
        return envelope;
    }
}
