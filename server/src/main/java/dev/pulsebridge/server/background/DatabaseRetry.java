package dev.pulsebridge.server.background;

import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.function.Supplier;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;

/**
 * Retries a short database write that must not be dropped when the database blinks: the update that
 * ends a leased piece of work. Without it, a worker whose ending update meets a connection the database
 * just dropped leaves its work leased to itself (alive, so nobody takes it over) until the lease runs
 * out, minutes later. Only failures of the connection or of the moment are retried; a write the
 * database refuses on its merits fails at once. The waits follow the server's one {@link Backoff}.
 */
public final class DatabaseRetry {

    private final Retry retry;

    /**
     * @param attempts how many times to try in all
     * @param backoff  the waits between tries
     */
    public DatabaseRetry(String name, int attempts, Backoff backoff) {
        this.retry = Retry.of(name, RetryConfig.custom()
                .maxAttempts(attempts)
                .intervalFunction(backoff.intervals())
                .retryExceptions(DataAccessResourceFailureException.class, TransientDataAccessException.class,
                        RecoverableDataAccessException.class)
                .build());
    }

    /** About a minute and a half of tries from one second apart: longer than a PostgreSQL restart takes. */
    public static DatabaseRetry forEndings(String name) {
        return new DatabaseRetry(name, 8, new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30)));
    }

    public <T> T call(Supplier<T> write) {
        return retry.executeSupplier(write);
    }
}
