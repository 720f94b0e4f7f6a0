package dev.pulsebridge.server.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulsebridge.server.support.WithingsIntegrationTest;
import dev.pulsebridge.server.withings.WithingsNotificationCategory.DataKind;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The dispatcher alone: workers are stopped, so the jobs it creates stay in the queue to be looked at (and
 * links do not wait for a webhook subscription no worker will make).
 */
class WithingsNotificationDispatchIT extends WithingsIntegrationTest {

    @Autowired
    SyncJobQueue jobs;

    @Autowired
    SyncWorkers workers;

    @Autowired
    WithingsNotificationDispatcher dispatcher;

    @BeforeEach
    void stopWorkers() {
        workers.stop();
    }

    @AfterEach
    void startWorkers() {
        workers.start();
    }

    private List<SyncJob> webhookJobs(long account) {
        return jobs.forAccount(account).stream().filter(job -> job.kind() == JobKind.WEBHOOK).toList();
    }

    private void awaitDispatched(long withingsUserId, int count) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(jdbc.sql(
                "select count(*) from webhook_inbox where withings_user_id = ? and outcome = 'dispatched'")
                .param(Long.toString(withingsUserId)).query(Long.class).single()).isEqualTo(count));
    }

    @Test
    void burstOfNotificationsForOneUserBecomesOneJobCoveringTheirWindows() {
        long user = simulator.createUser();
        long account = link(newPatient(), user, "none");

        for (int i = 0; i < 10; i++) {
            long at = 1_700_000_000L + i * 3_600;
            postForm(webhookUrl(), "userid=" + user + "&appli=" + (i % 2 == 0 ? 1 : 4) + "&startdate=" + at
                    + "&enddate=" + (at + 1));
        }
        awaitDispatched(user, 10);

        List<SyncJob> created = webhookJobs(account);
        assertThat(created).singleElement().satisfies(job -> {
            assertThat(job.kind()).isEqualTo(JobKind.WEBHOOK);
            assertThat(job.dataKind()).isEqualTo(DataKind.MEASURES);
            assertThat(job.windowStart()).isEqualTo(1_700_000_000L - 600);
            assertThat(job.windowEnd()).isEqualTo(1_700_000_000L + 9 * 3_600 + 1 + 600);
        });
    }

    @Test
    void eachDataCategoryGetsItsOwnJob() {
        long user = simulator.createUser();
        long account = link(newPatient(), user, "none");

        for (int appli : new int[] {1, 16, 44, 54}) {
            postForm(webhookUrl(), "userid=" + user + "&appli=" + appli + "&startdate=1700000000&enddate=1700003600");
        }
        awaitDispatched(user, 4);

        assertThat(webhookJobs(account)).extracting(SyncJob::dataKind)
                .containsExactlyInAnyOrder(DataKind.MEASURES, DataKind.ACTIVITY, DataKind.SLEEP, DataKind.HEART);
    }

    @Test
    void unlinkNotificationRevokesTheAccount() {
        long user = simulator.createUser();
        String patient = newPatient();
        long account = link(patient, user, "none");

        postForm(webhookUrl(), "userid=" + user + "&appli=46&action=unlink");
        awaitDispatched(user, 1);

        assertThat(value(status(patient), "status")).isEqualTo("revoked");
        assertThat(value(status(patient), "statusReason")).contains("unlink");
        assertThat(webhookJobs(account)).isEmpty();
    }

    @Test
    void anUnlinkReportedBeforeThePatientLinkedAgainLeavesTheNewLinkAlone() {
        long user = simulator.createUser();
        String patient = newPatient();
        link(patient, user, "none");
        dispatcher.stop();
        try {
            postForm(webhookUrl(), "userid=" + user + "&appli=46&action=unlink");
            // the patient reconnects before the stored unlink is dispatched
            link(patient, user, "none");
            dispatcher.dispatch(100);
        } finally {
            dispatcher.start();
        }

        awaitDispatched(user, 1);
        assertThat(value(status(patient), "status")).isEqualTo("connected");
    }

    @Test
    void bedEventsAreRecordedWithoutAFetch() {
        long user = simulator.createUser();
        long account = link(newPatient(), user, "none");

        postForm(webhookUrl(), "userid=" + user + "&appli=50&date=1700000000");
        awaitDispatched(user, 1);

        assertThat(jdbc.sql("select outcome_detail from webhook_inbox where withings_user_id = ?")
                .param(Long.toString(user)).query(String.class).single()).isEqualTo("bed in");
        assertThat(webhookJobs(account)).isEmpty();
    }
}
