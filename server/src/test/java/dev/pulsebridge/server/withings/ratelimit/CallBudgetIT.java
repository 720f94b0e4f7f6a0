package dev.pulsebridge.server.withings.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulsebridge.server.support.ServerIntegrationTest;
import dev.pulsebridge.server.support.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** What the shared call budget promises, on PostgreSQL. Every test has its own bucket. */
class CallBudgetIT extends ServerIntegrationTest {

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private TransactionTemplate transactions;

    private CallBudget budget(String bucket, int perMinute, SettableClock clock) {
        return new CallBudget(bucket, perMinute, jdbc, transactions, clock);
    }

    private static String bucket() {
        return "test-" + UUID.randomUUID();
    }

    private static SettableClock clock() {
        return new SettableClock(Instant.parse("2026-11-21T10:00:00.500Z"));
    }

    @Test
    void grantsUpToTheBudgetThenSaysHowLongToWait() {
        SettableClock clock = clock();
        CallBudget budget = budget(bucket(), 5, clock);

        for (int i = 0; i < 5; i++) {
            assertThat(budget.tryAcquire()).isZero();
            clock.advance(Duration.ofSeconds(1));
        }

        // the first call (second :00) leaves the count at :63 (a minute and the transit margin), 57.5 s from now
        assertThat(budget.tryAcquire()).isEqualTo(Duration.ofMillis(57_500));
    }

    @Test
    void ordinaryCallsLeaveTheReserveToUrgentOnes() {
        SettableClock clock = clock();
        CallBudget budget = new CallBudget(bucket(), 5, 2, jdbc, transactions, clock);

        for (int i = 0; i < 3; i++) {
            assertThat(budget.tryAcquire()).isZero();
        }

        assertThat(budget.tryAcquire()).as("a fourth ordinary call waits").isPositive();
        assertThat(budget.tryAcquireUrgent()).as("an urgent call uses the reserve").isZero();
        assertThat(budget.tryAcquireUrgent()).isZero();
        assertThat(budget.tryAcquireUrgent()).as("and the budget itself still holds").isPositive();
    }

    @Test
    void aReserveAsLargeAsTheBudgetIsRefused() {
        assertThatThrownBy(() -> new CallBudget(bucket(), 5, 5, jdbc, transactions, clock()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void callsLeaveTheCountOnlyAFullMinuteAndTwoSecondsOfTransitAfterTheirSecond() {
        SettableClock clock = clock();
        CallBudget budget = budget(bucket(), 2, clock);
        budget.tryAcquire();
        budget.tryAcquire();

        clock.advance(Duration.ofSeconds(62));
        assertThat(budget.tryAcquire()).as("62 s later").isPositive();
        clock.advance(Duration.ofMillis(500));
        assertThat(budget.tryAcquire()).as("at the start of the 63rd second after theirs").isZero();
    }

    @Test
    void instancesOnOneDatabaseShareOneBudget() {
        SettableClock clock = clock();
        String bucket = bucket();
        CallBudget first = budget(bucket, 3, clock);
        CallBudget second = budget(bucket, 3, clock);

        assertThat(first.tryAcquire()).isZero();
        assertThat(second.tryAcquire()).isZero();
        assertThat(first.tryAcquire()).isZero();

        assertThat(second.tryAcquire()).isPositive();
    }

    @Test
    void concurrentCallersTogetherNeverExceedTheBudget() throws Exception {
        CallBudget budget = budget(bucket(), 20, clock());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> callers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                callers.add(pool.submit(() -> {
                    int granted = 0;
                    for (int attempt = 0; attempt < 10; attempt++) {
                        if (budget.tryAcquire().isZero()) {
                            granted++;
                        }
                    }
                    return granted;
                }));
            }
            int total = 0;
            for (Future<Integer> caller : callers) {
                total += caller.get();
            }
            assertThat(total).isEqualTo(20);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void pauseAskedForByWithingsHoldsEveryoneUntilItEnds() {
        SettableClock clock = clock();
        CallBudget budget = budget(bucket(), 100, clock);

        budget.pause(Duration.ofSeconds(30));
        budget.pause(Duration.ofSeconds(5));

        assertThat(budget.tryAcquire()).as("a shorter pause does not cut a longer one").isEqualTo(Duration.ofSeconds(30));
        clock.advance(Duration.ofSeconds(30));
        assertThat(budget.tryAcquire()).isZero();
    }
}
