package dev.pulsebridge.server.background;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulsebridge.server.support.ServerIntegrationTest;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The running server's own heartbeat, as other processes on the database read it. */
class InstanceHeartbeatIT extends ServerIntegrationTest {

    @Autowired
    private JdbcClient jdbc;

    private OffsetDateTime lastBeat() {
        return jdbc.sql("select beat_at from instance_heartbeat where instance = ?").param(WorkerThreads.PROCESS)
                .query(OffsetDateTime.class).single();
    }

    @Test
    void theRunningProcessBeatsAgainWithinItsInterval() {
        OffsetDateTime seen = lastBeat();

        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(lastBeat()).isAfter(seen));
    }

    @Test
    void leasesOfThisProcessAreNotTakenAsAbandoned() {
        String condition = new Instances(Duration.ofSeconds(5), Duration.ofSeconds(20)).ownerGone("?");

        Boolean gone = jdbc.sql("select " + condition).param(WorkerThreads.workerName() + "-0").query(Boolean.class)
                .single();

        assertThat(gone).isFalse();
    }
}
