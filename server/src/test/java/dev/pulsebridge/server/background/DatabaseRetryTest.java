package dev.pulsebridge.server.background;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

class DatabaseRetryTest {

    private final DatabaseRetry retry = new DatabaseRetry("test", 4, new Backoff(Duration.ofMillis(1), Duration.ofMillis(2)));

    @Test
    void aWriteMeetingDroppedConnectionsIsTriedAgainUntilItLands() {
        AtomicInteger tries = new AtomicInteger();

        boolean recorded = retry.call(() -> {
            if (tries.incrementAndGet() == 1) {
                throw new DataAccessResourceFailureException("An I/O error occurred while sending to the backend");
            }
            if (tries.get() == 2) {
                throw new CannotGetJdbcConnectionException("Connection is not available, request timed out");
            }
            return true;
        });

        assertThat(recorded).isTrue();
        assertThat(tries).hasValue(3);
    }

    @Test
    void aMomentaryConflictIsTriedAgain() {
        AtomicInteger tries = new AtomicInteger();

        int rows = retry.call(() -> {
            if (tries.incrementAndGet() == 1) {
                throw new CannotAcquireLockException("deadlock detected");
            }
            return 1;
        });

        assertThat(rows).isEqualTo(1);
        assertThat(tries).hasValue(2);
    }

    @Test
    void aWriteRefusedOnItsMeritsFailsAtOnce() {
        AtomicInteger tries = new AtomicInteger();

        assertThatThrownBy(() -> retry.call(() -> {
            tries.incrementAndGet();
            throw new DataIntegrityViolationException("duplicate key");
        })).isInstanceOf(DataIntegrityViolationException.class);
        assertThat(tries).hasValue(1);
    }

    @Test
    void aDatabaseAwayLongerThanTheTriesFailsWithItsLastError() {
        AtomicInteger tries = new AtomicInteger();

        assertThatThrownBy(() -> retry.call(() -> {
            throw new DataAccessResourceFailureException("connection refused, try " + tries.incrementAndGet());
        })).hasMessage("connection refused, try 4");
        assertThat(tries).hasValue(4);
    }
}
