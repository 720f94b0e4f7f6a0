package dev.pulsebridge.simulator.api;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * Failures queued by the admin API for the next calls of an action: a Withings envelope status, a
 * bare HTTP error, or a delay before the normal answer.
 */
@Component
public class Faults {

    /**
     * One queued fault; exactly one of {@code status}, {@code httpStatus} or {@code delayMillis} is set.
     * With a {@code userId} it hits only that user's calls, so a test's fault is not used up by another account.
     */
    public record Fault(String action, int status, int httpStatus, long delayMillis, AtomicInteger remaining,
            Long userId) {
    }

    /** Thrown to answer a call with a bare HTTP error instead of a Withings envelope. */
    public static class HttpFailure extends RuntimeException {
        private final int httpStatus;

        HttpFailure(int httpStatus) {
            super("Injected HTTP " + httpStatus);
            this.httpStatus = httpStatus;
        }

        public int httpStatus() {
            return httpStatus;
        }
    }

    private final List<Fault> queued = new CopyOnWriteArrayList<>();

    public void add(String action, int count, Integer status, Integer httpStatus, Long delayMillis, Long userId) {
        int set = (status != null ? 1 : 0) + (httpStatus != null ? 1 : 0) + (delayMillis != null ? 1 : 0);
        if (action == null || action.isBlank() || count < 1 || set != 1) {
            throw new IllegalArgumentException("A fault needs an action, a count >= 1 and one of status, http_status, delay_ms");
        }
        queued.add(new Fault(action, status == null ? 0 : status, httpStatus == null ? 0 : httpStatus,
                delayMillis == null ? 0 : delayMillis, new AtomicInteger(count), userId));
    }

    /** Applies the first queued fault for the action and any user, if any: throws for failures, sleeps for delays. */
    void apply(String action) {
        apply(action, null);
    }

    /** The same for faults aimed at one user, once the call's user is known. */
    public void applyFor(String action, long userId) {
        apply(action, userId);
    }

    private void apply(String action, Long userId) {
        for (Fault fault : queued) {
            if (fault.action().equals(action) && Objects.equals(fault.userId(), userId) && fault.remaining().getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                if (fault.remaining().get() == 0) {
                    queued.remove(fault);
                }
                if (fault.status() != 0) {
                    throw new WithingsError(fault.status(), "Injected fault");
                }
                if (fault.httpStatus() != 0) {
                    throw new HttpFailure(fault.httpStatus());
                }
                try {
                    Thread.sleep(fault.delayMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
        }
    }

    public void reset() {
        queued.clear();
    }
}
