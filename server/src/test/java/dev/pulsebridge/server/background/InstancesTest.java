package dev.pulsebridge.server.background;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class InstancesTest {

    @Test
    void aProcessIsDeclaredDeadOnlyAfterAtLeastThreeMissedBeats() {
        assertThatThrownBy(() -> new Instances(Duration.ofSeconds(5), Duration.ofSeconds(14)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pulsebridge.instance.dead-after");
    }

    @Test
    void theConditionJudgesTheOwnersProcessByItsLastBeatOnTheDatabaseClock() {
        String condition = new Instances(Duration.ofSeconds(5), Duration.ofSeconds(20)).ownerGone("lease_owner");

        assertThat(condition).isEqualTo("exists (select 1 from instance_heartbeat h where starts_with(lease_owner, "
                + "h.instance || '-') and h.beat_at < current_timestamp - interval '20000 milliseconds')");
    }

    @Test
    void workerNamesStartWithTheProcessNameAndFitALeaseColumn() {
        String worker = WorkerThreads.workerName();

        assertThat(worker).startsWith(WorkerThreads.PROCESS + "-");
        assertThat((worker + "-15").length()).isLessThanOrEqualTo(64);
        assertThat(WorkerThreads.workerName()).isNotEqualTo(worker);
    }
}
