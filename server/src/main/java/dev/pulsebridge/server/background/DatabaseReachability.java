package dev.pulsebridge.server.background;

import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.stereotype.Component;

/**
 * Whether this process could reach its database a moment ago: the heartbeat's last write and any failure
 * reported since decide it. Lets a caller that must answer within seconds (Withings waits 2 s for a
 * webhook) refuse at once while the database is away, instead of waiting out the pool's connection
 * timeout on every request. Only the heartbeat, which writes every few seconds, says the database is back.
 */
@Component
public class DatabaseReachability {

    private final AtomicBoolean reachable = new AtomicBoolean(true);

    public boolean reachable() {
        return reachable.get();
    }

    /** A write failed for want of a connection: callers refuse fast until the next beat gets through. */
    public void unreachable() {
        reachable.set(false);
    }

    void reached() {
        reachable.set(true);
    }
}
