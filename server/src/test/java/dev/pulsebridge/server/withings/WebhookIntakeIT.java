package dev.pulsebridge.server.withings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulsebridge.server.background.DatabaseReachability;
import dev.pulsebridge.server.support.WithingsIntegrationTest;
import dev.pulsebridge.server.withings.api.WithingsApiClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class WebhookIntakeIT extends WithingsIntegrationTest {

    @Autowired
    WithingsApiClient api;

    @Autowired
    DatabaseReachability database;

    private List<Map<String, Object>> inbox(String withingsUserId) {
        return jdbc.sql("select appli, start_date, end_date, account_id, outcome, outcome_detail from webhook_inbox "
                + "where withings_user_id = ? order by id").param(withingsUserId).query().listOfRows();
    }

    @Test
    void headAnswers200OnlyWithTheSecret() {
        assertThat(browser.head(webhookUrl()).statusCode()).isEqualTo(200);
        assertThat(browser.head("http://localhost:" + port + "/withings/webhook/guess").statusCode()).isEqualTo(404);
    }

    @Test
    void wrongSecretIs404AndStoresNothing() {
        String user = Long.toString(simulator.createUser());

        HttpResponse<String> response = postForm("http://localhost:" + port + "/withings/webhook/guess",
                "userid=" + user + "&appli=1&startdate=1700000000&enddate=1700000001");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(inbox(user)).isEmpty();
    }

    @Test
    void bodyWithoutAValidUseridOrAppliIs400WithTheReasonAndStoresNothing() {
        String user = Long.toString(simulator.createUser());

        HttpResponse<String> noUser = postForm(webhookUrl(), "appli=1");
        HttpResponse<String> badUser = postForm(webhookUrl(), "userid=12ab&appli=1");
        HttpResponse<String> unknownAppli = postForm(webhookUrl(), "userid=" + user + "&appli=999");
        HttpResponse<String> badWindow = postForm(webhookUrl(), "userid=" + user + "&appli=1&startdate=yesterday");

        assertThat(noUser.statusCode()).isEqualTo(400);
        assertThat(noUser.body()).contains("userid must be a Withings user id");
        assertThat(badUser.statusCode()).isEqualTo(400);
        assertThat(unknownAppli.statusCode()).isEqualTo(400);
        assertThat(unknownAppli.body()).contains("appli must be one of");
        assertThat(badWindow.statusCode()).isEqualTo(400);
        assertThat(badWindow.body()).contains("startdate must be epoch seconds");
        assertThat(inbox(user)).isEmpty();
    }

    @Test
    void numbersOutOfRangeAre400NotAServerError() {
        String user = Long.toString(simulator.createUser());

        HttpResponse<String> hugeAppli = postForm(webhookUrl(), "userid=" + user + "&appli=9999999999");
        HttpResponse<String> hugeStart = postForm(webhookUrl(), "userid=" + user + "&appli=1&startdate=9999999999999999999");
        HttpResponse<String> longMaxEnd = postForm(webhookUrl(), "userid=" + user + "&appli=1&enddate=" + Long.MAX_VALUE);

        assertThat(hugeAppli.statusCode()).isEqualTo(400);
        assertThat(hugeStart.statusCode()).isEqualTo(400);
        assertThat(longMaxEnd.statusCode()).isEqualTo(400);
        assertThat(longMaxEnd.body()).contains("enddate must be epoch seconds");
        assertThat(inbox(user)).isEmpty();
    }

    @Test
    void aBodyFarLargerThanANotificationIs413AndStoresNothing() {
        String user = Long.toString(simulator.createUser());

        HttpResponse<String> response = postForm(webhookUrl(), "userid=" + user + "&appli=1&comment=" + "x".repeat(20_000));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(inbox(user)).isEmpty();
    }

    @Test
    void whileTheDatabaseWasJustUnreachableANotificationIs503WithoutTryingUntilTheHeartbeatGetsThrough() {
        String user = Long.toString(simulator.createUser());
        String form = "userid=" + user + "&appli=44&startdate=1700000000&enddate=1700030000";
        database.unreachable();

        HttpResponse<String> refused = postForm(webhookUrl(), form);

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).contains("30");
        assertThat(inbox(user)).isEmpty();
        await().atMost(Duration.ofSeconds(30)).until(database::reachable);
        assertThat(postForm(webhookUrl(), form).statusCode()).isEqualTo(200);
        assertThat(inbox(user)).hasSize(1);
    }

    @Test
    void notificationForAnUnlinkedUserIsAcknowledgedAndRecordedAsIgnored() {
        String user = Long.toString(simulator.createUser());

        HttpResponse<String> response = postForm(webhookUrl(), "userid=" + user + "&appli=44&startdate=1700000000&enddate=1700030000");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(inbox(user)).singleElement().satisfies(row -> {
            assertThat(row.get("outcome")).isEqualTo("ignored");
            assertThat(row.get("outcome_detail").toString()).contains("no linked account");
        });
    }

    @Test
    void notificationForALinkedUserIsStoredWithItsAccountAndWindow() {
        long user = simulator.createUser();
        long account = link(newPatient(), user);

        HttpResponse<String> response = postForm(webhookUrl(), "userid=" + user + "&appli=1&startdate=1700000000&enddate=1700000001");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(inbox(Long.toString(user))).singleElement().satisfies(row -> {
            // the dispatcher may already have turned it into sync work
            assertThat(row.get("outcome")).isIn("pending", "dispatched");
            assertThat(((Number) row.get("account_id")).longValue()).isEqualTo(account);
            assertThat(((Number) row.get("appli")).intValue()).isEqualTo(1);
            assertThat(((Number) row.get("start_date")).longValue()).isEqualTo(1_700_000_000L);
            assertThat(((Number) row.get("end_date")).longValue()).isEqualTo(1_700_000_001L);
        });
    }

    @Test
    void simulatorNotificationsReachTheInboxThroughARegisteredSubscription() {
        long user = simulator.createUser();
        long account = link(newPatient(), user);
        api.call(account, "/notify", "subscribe", Map.of("callbackurl", webhookUrl(), "appli", "1"));

        simulator.addMeasureGroups(user, "[{\"grpid\":5001,\"date\":1700000000,\"category\":1,\"attrib\":0,"
                + "\"measures\":[{\"type\":1,\"value\":80500,\"unit\":-3}]}]");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(inbox(Long.toString(user)))
                .singleElement().satisfies(row -> assertThat(row.get("outcome")).isIn("pending", "dispatched")));
    }
}
