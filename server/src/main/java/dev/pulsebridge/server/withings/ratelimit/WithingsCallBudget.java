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
    /**
     * Withings honours an authorization code for 30 s, and the patient waits on the page meanwhile: past
     * this wait the exchange gives up and the patient is asked to try again, rather than spend a code
     * that would be refused anyway.
     */
    static final Duration SIGN_IN_WAIT = Duration.ofSeconds(20);

    private final CallBudget budget;
    private final Duration maxWait;
    private final Duration signInWait;

    WithingsCallBudget(WithingsProperties properties, JdbcClient jdbc, TransactionTemplate transactions, Clock clock) {
        // a reserve as large as the budget would leave background sync nothing: keep at least one call for it
        this.budget = new CallBudget("withings", properties.callsPerMinute(),
                Math.min(properties.signInReserve(), properties.callsPerMinute() - 1), jdbc, transactions, clock);
        this.maxWait = properties.maxBudgetWait();
        this.signInWait = maxWait.compareTo(SIGN_IN_WAIT) < 0 ? maxWait : SIGN_IN_WAIT;
    }

    /** Blocks until the call may go out. @throws WithingsUnavailableException when no room came in time */
    public void take() {
        take(false);
    }

    /**
     * The same for a patient signing in: the authorization code is good for 30 s, so this call may use the
     * calls of every minute that background sync leaves free ({@code pulsebridge.withings.sign-in-reserve}).
     */
    public void takeForSignIn() {
        take(true);
    }

    private void take(boolean signIn) {
        Duration wait = signIn ? signInWait : maxWait;
        try {
            if (!(signIn ? budget.acquireUrgent(wait) : budget.acquire(wait))) {
                throw new WithingsUnavailableException("Withings call budget exhausted for " + wait.toSeconds()
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
