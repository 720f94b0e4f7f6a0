package dev.pulsebridge.server.withings.ratelimit;

import static dev.pulsebridge.server.database.SqlTimes.utc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A call budget of {@code callsPerMinute} over any sliding 60 s, kept in the database so that every
 * worker thread and every server instance draws from the same budget. Each acquisition is a short
 * transaction holding the bucket's row lock; calls are counted per second. Ordinary callers leave
 * {@code reserved} calls of every minute to urgent ones, who cannot wait a minute for room (a patient
 * signing in, whose authorization code Withings honours for 30 s).
 */
public class CallBudget {

    private static final long WINDOW_SECONDS = 60;
    /**
     * Withings counts a call when it arrives, and it arrives a little after it was granted here: a request
     * held up on its way (a new connection, a pause of the sender's) followed a minute later by a quick one
     * would put both in Withings' minute. Two whole seconds more cover that transit (the chaos harness saw
     * calls refused by a budget kept to the exact minute); they cost about 3 % of the budget.
     */
    private static final long TRANSIT_MARGIN_SECONDS = 2;
    /** A call granted in second s is counted in seconds s .. s + this, so it leaves the count at s + this + 1. */
    private static final long COUNTED_SECONDS = WINDOW_SECONDS + TRANSIT_MARGIN_SECONDS;

    private final String bucket;
    private final int callsPerMinute;
    private final int reserved;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public CallBudget(String bucket, int callsPerMinute, JdbcClient jdbc, TransactionTemplate transactions, Clock clock) {
        this(bucket, callsPerMinute, 0, jdbc, transactions, clock);
    }

    /** @param reserved calls of every minute only {@link #acquireUrgent} may use; at most callsPerMinute - 1 */
    public CallBudget(String bucket, int callsPerMinute, int reserved, JdbcClient jdbc, TransactionTemplate transactions,
            Clock clock) {
        if (callsPerMinute < 1) {
            throw new IllegalArgumentException("callsPerMinute must be at least 1");
        }
        if (reserved < 0 || reserved >= callsPerMinute) {
            throw new IllegalArgumentException("the reserve must be between 0 and callsPerMinute - 1, got " + reserved);
        }
        this.bucket = bucket;
        this.callsPerMinute = callsPerMinute;
        this.reserved = reserved;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
        ensureBucket();
    }

    /**
     * Takes one call from the budget if there is room beside the reserve.
     *
     * @return {@link Duration#ZERO} when granted, otherwise how long to wait before asking again
     */
    public Duration tryAcquire() {
        return tryAcquire(callsPerMinute - reserved);
    }

    /** Takes one call from the budget if there is room, the reserve included. */
    public Duration tryAcquireUrgent() {
        return tryAcquire(callsPerMinute);
    }

    private Duration tryAcquire(int ceiling) {
        return transactions.execute(status -> {
            Instant now = clock.instant();
            // The row always exists; an empty result means "not paused" (blocked_until is null).
            Optional<OffsetDateTime> blockedUntil = jdbc.sql(
                    "select blocked_until from rate_limit_bucket where bucket = ? for update")
                    .param(bucket).query(OffsetDateTime.class).optional();
            if (blockedUntil.isPresent() && blockedUntil.get().toInstant().isAfter(now)) {
                return Duration.between(now, blockedUntil.get().toInstant());
            }
            long second = now.getEpochSecond();
            // Calls are counted per whole second, so a call late in second s leaves the window only at s + 63:
            // never earlier than 62 s after it was granted, whatever Withings' own clock does.
            long windowStart = second - COUNTED_SECONDS;
            long used = jdbc.sql("select coalesce(sum(used), 0) from rate_limit_slot where bucket = ? and slot_second >= ?")
                    .params(bucket, windowStart).query(Long.class).single();
            if (used >= ceiling) {
                long oldest = jdbc.sql("select min(slot_second) from rate_limit_slot where bucket = ? and slot_second >= ?")
                        .params(bucket, windowStart).query(Long.class).single();
                Instant freed = Instant.ofEpochSecond(oldest + COUNTED_SECONDS + 1);
                return Duration.between(now, freed).isNegative() ? Duration.ofMillis(1) : Duration.between(now, freed);
            }
            jdbc.sql("""
                    insert into rate_limit_slot (bucket, slot_second, used) values (?, ?, 1)
                    on conflict (bucket, slot_second) do update set used = rate_limit_slot.used + 1""")
                    .params(bucket, second).update();
            jdbc.sql("delete from rate_limit_slot where bucket = ? and slot_second < ?").params(bucket, windowStart).update();
            return Duration.ZERO;
        });
    }

    /**
     * Waits until a call is granted or {@code maxWait} has passed.
     *
     * @return true if granted
     */
    public boolean acquire(Duration maxWait) throws InterruptedException {
        return acquire(maxWait, false);
    }

    /** The same for an urgent caller, who may use the reserve. */
    public boolean acquireUrgent(Duration maxWait) throws InterruptedException {
        return acquire(maxWait, true);
    }

    private boolean acquire(Duration maxWait, boolean urgent) throws InterruptedException {
        Instant deadline = clock.instant().plus(maxWait);
        while (true) {
            Duration wait = urgent ? tryAcquireUrgent() : tryAcquire();
            if (wait.isZero()) {
                return true;
            }
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                return false;
            }
            Thread.sleep(Math.max(1, Math.min(wait.toMillis(), left.toMillis())));
        }
    }

    /** Withings answered 601: nobody calls until the pause is over. A shorter pause never shortens a longer one. */
    public void pause(Duration wait) {
        Instant until = clock.instant().plus(wait);
        transactions.executeWithoutResult(status -> jdbc.sql("""
                update rate_limit_bucket set blocked_until = ?
                where bucket = ? and (blocked_until is null or blocked_until < ?)""")
                .params(utc(until), bucket, utc(until)).update());
    }

    private void ensureBucket() {
        jdbc.sql("insert into rate_limit_bucket (bucket) values (?) on conflict do nothing").param(bucket).update();
    }
}
