package dev.pulsebridge.server.withings.api;

import java.time.Duration;

/**
 * We did not send a request because an identical one went out moments ago: Withings answers a repeat
 * within 10 seconds with status 601, and a 601 would pause every worker, so the caller waits instead.
 */
public class RepeatedRequestException extends RuntimeException {

    private final Duration wait;

    public RepeatedRequestException(String request, Duration wait) {
        super("The identical Withings request (" + request + ") was sent less than 10 s ago; retry in " + wait.toMillis()
                + " ms");
        this.wait = wait;
    }

    public Duration waitBeforeRetry() {
        return wait;
    }
}
