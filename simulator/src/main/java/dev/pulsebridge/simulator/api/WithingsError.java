package dev.pulsebridge.simulator.api;

import java.util.Map;

/** A failure Withings reports inside its envelope (HTTP 200), e.g. 401 invalid token, 601 rate limit. */
public class WithingsError extends RuntimeException {

    private final int status;
    private final Map<String, Object> body;

    public WithingsError(int status, String message) {
        this(status, message, Map.of());
    }

    public WithingsError(int status, String message, Map<String, Object> body) {
        super(message);
        this.status = status;
        this.body = body;
    }

    public int status() {
        return status;
    }

    public Map<String, Object> body() {
        return body;
    }

    public static WithingsError invalidParams(String message) {
        return new WithingsError(503, "Invalid Params: " + message);
    }
}
