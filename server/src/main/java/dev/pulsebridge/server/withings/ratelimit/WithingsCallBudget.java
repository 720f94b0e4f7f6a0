package dev.pulsebridge.server.withings.ratelimit;

import dev.pulsebridge.server.withings.WithingsProperties;
import dev.pulsebridge.server.withings.WithingsUnavailableException;
import java.time.Clock;
import java.time.Duration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** The one budget every Withings call of this application draws from, token calls included. */
@Component
public class WithingsCallBudget {

    /** Withings' 601 usually says how long to wait; when it does not, this long. */
    public static final Duration DEFAULT_PAUSE = Duration.ofSeconds(10);

    private final CallBudget budget;
    private final Duration maxWait;

    WithingsCallBudget(WithingsProperties properties, JdbcClient jdbc, TransactionTemplate transactions, Clock clock) {
        this.budget = new CallBudget("withings", properties.callsPerMinute(), jdbc, transactions, clock);
        this.maxWait = properties.maxBudgetWait();
    }

    /** Blocks until the call may go out. @throws WithingsUnavailableException when no room came in time */
    public void take() {
        try {
            if (!budget.acquire(maxWait)) {
                throw new WithingsUnavailableException("Withings call budget exhausted for " + maxWait.toSeconds()
                        + " s; try later", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WithingsUnavailableException("Interrupted while waiting for the Withings call budget", e);
        }
    }

    /** Withings answered 601 (too many requests): nobody here calls again before {@code waitSeconds}. */
    public void pause(Long waitSeconds) {
        budget.pause(waitSeconds == null || waitSeconds <= 0 ? DEFAULT_PAUSE : Duration.ofSeconds(waitSeconds));
    }
}
