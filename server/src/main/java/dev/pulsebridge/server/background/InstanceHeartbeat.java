package dev.pulsebridge.server.background;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps this process's row in {@code instance_heartbeat} fresh, so other processes on the same database can
 * tell it is alive ({@link Instances}). Starts before and stops after every other background worker: while
 * any of them holds work, the beat goes on. A clean stop marks the process gone at once, so whatever it
 * could not hand back is taken over without waiting.
 */
@Component
class InstanceHeartbeat extends BackgroundWorker {

    private static final Duration FORGOTTEN_AFTER = Duration.ofDays(1);

    private static final Logger log = LoggerFactory.getLogger(InstanceHeartbeat.class);

    private final JdbcClient jdbc;
    private final DatabaseReachability database;

    InstanceHeartbeat(JdbcClient jdbc, DatabaseReachability database,
            @Value("${pulsebridge.instance.heartbeat-interval:5s}") Duration interval) {
        super("pulsebridge-heartbeat", true, 1, interval);
        this.jdbc = jdbc;
        this.database = database;
    }

    @Override
    protected void beforeStart() {
        beat();
    }

    @Override
    protected boolean runOnce(String owner) {
        try {
            beat();
        } catch (DataAccessResourceFailureException e) {
            database.unreachable();
            throw e;
        }
        database.reached();
        return false;
    }

    /** The database's clock, not this process's: every instance judges liveness against the same time. */
    private void beat() {
        jdbc.sql("""
                insert into instance_heartbeat (instance, started_at, beat_at)
                values (?, current_timestamp, current_timestamp)
                on conflict (instance) do update set beat_at = current_timestamp""")
                .param(WorkerThreads.PROCESS).update();
        jdbc.sql("delete from instance_heartbeat where beat_at < current_timestamp - make_interval(secs => ?)")
                .param(FORGOTTEN_AFTER.toSeconds()).update();
    }

    @Override
    public synchronized void stop() {
        super.stop();
        try {
            jdbc.sql("update instance_heartbeat set beat_at = '-infinity' where instance = ?")
                    .param(WorkerThreads.PROCESS).update();
        } catch (RuntimeException e) {
            // the database is going away too: the row ages out like a crashed process's
            log.info("Could not mark this instance stopped: {}", e.toString());
        }
    }

    @Override
    public int getPhase() {
        return DEFAULT_PHASE - 1;
    }
}
