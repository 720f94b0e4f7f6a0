package dev.pulsebridge.server.background;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Which server processes on this database are alive, for the work queues that lease rows to workers
 * (sync jobs, subscription deliveries). A lease names its owner ({@code <process>-<worker>-<thread>}); a
 * lease whose process stopped beating more than {@code pulsebridge.instance.dead-after} ago is void,
 * whatever time it was granted until. Owners with no heartbeat row at all keep the plain lease rule.
 */
@Component
public class Instances {

    private final Duration deadAfter;

    Instances(@Value("${pulsebridge.instance.heartbeat-interval:5s}") Duration interval,
            @Value("${pulsebridge.instance.dead-after:20s}") Duration deadAfter) {
        if (deadAfter.compareTo(interval.multipliedBy(3)) < 0) {
            // a beat or two delayed by a busy machine must not make a living process look dead
            throw new IllegalArgumentException("pulsebridge.instance.dead-after (" + deadAfter
                    + ") must be at least three heartbeat intervals (" + interval + ")");
        }
        this.deadAfter = deadAfter;
    }

    /**
     * SQL that is true when the lease owner in {@code ownerColumn} belongs to a process that stopped beating.
     * Judged on the database's clock, the one every instance shares.
     */
    public String ownerGone(String ownerColumn) {
        return "exists (select 1 from instance_heartbeat h where starts_with(" + ownerColumn
                + ", h.instance || '-') and h.beat_at < current_timestamp - interval '" + deadAfter.toMillis()
                + " milliseconds')";
    }
}
