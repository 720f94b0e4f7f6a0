package dev.pulsebridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulsebridge.mapping.withings.NotifySubscription;
import dev.pulsebridge.mapping.withings.WithingsPayloads;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NotificationContractTest extends SimulatorTestBase {

    @Test
    void subscribeProbesTheCallbackAndListShowsTheSubscription() {
        try (CallbackReceiver receiver = new CallbackReceiver()) {
            String token = accessToken(newUser());
            JsonNode subscribed = client.post("/notify", token, "action", "subscribe", "callbackurl", receiver.url(), "appli", "1");

            List<NotifySubscription> listed = WithingsPayloads.notifySubscriptions(client.post("/notify", token, "action", "list"));

            assertThat(subscribed.path("status").asInt()).isZero();
            assertThat(listed).singleElement().satisfies(s -> {
                assertThat(s.appli()).isEqualTo(1);
                assertThat(s.callbackUrl()).isEqualTo(receiver.url());
            });
        }
    }

    @Test
    void unreachableCallbackIsRefusedWithStatus293() {
        JsonNode response = client.post("/notify", accessToken(newUser()), "action", "subscribe",
                "callbackurl", "http://127.0.0.1:9/nothing-listens-here", "appli", "1");

        assertThat(response.path("status").asInt()).isEqualTo(293);
    }

    @Test
    void newMeasureGroupNotifiesMatchingSubscribersWithWithingsFormFields() {
        try (CallbackReceiver weight = new CallbackReceiver(); CallbackReceiver pressure = new CallbackReceiver()) {
            long user = newUser();
            String token = accessToken(user);
            client.post("/notify", token, "action", "subscribe", "callbackurl", weight.url(), "appli", "1");
            client.post("/notify", token, "action", "subscribe", "callbackurl", pressure.url(), "appli", "4");

            addGroups(user, "[{\"grpid\":31,\"date\":1700000000,\"measures\":[{\"type\":1,\"value\":80000,\"unit\":-3}]}]");

            await().atMost(Duration.ofSeconds(5)).until(() -> weight.received().size() == 1);
            assertThat(weight.received().get(0)).isEqualTo(Map.of(
                    "userid", Long.toString(user), "appli", "1", "startdate", "1700000000", "enddate", "1700000000"));
            assertThat(pressure.received()).isEmpty();
        }
    }

    @Test
    void failedNotificationIsRetriedUntilDelivered() {
        try (CallbackReceiver receiver = new CallbackReceiver()) {
            long user = newUser();
            client.post("/notify", accessToken(user), "action", "subscribe", "callbackurl", receiver.url(), "appli", "4");
            receiver.failNext(2);

            addGroups(user, "[{\"grpid\":41,\"date\":1700000000,\"measures\":[{\"type\":9,\"value\":80,\"unit\":0},"
                    + "{\"type\":10,\"value\":120,\"unit\":0}]}]");

            await().atMost(Duration.ofSeconds(5)).until(() -> receiver.received().size() == 1);
            assertThat(receiver.attempts()).isEqualTo(3);
            // the receiver records a notification before it answers; the simulator counts it once answered
            await().atMost(Duration.ofSeconds(5)).until(() -> stats().path("notifications_sent").asInt() == 1);
            assertThat(stats().path("notifications_failed").asInt()).isEqualTo(2);
        }
    }

    @Test
    void userUnlinkingTheAppSendsAppli46WithActionUnlink() {
        try (CallbackReceiver receiver = new CallbackReceiver()) {
            long user = newUser();
            client.post("/notify", accessToken(user), "action", "subscribe", "callbackurl", receiver.url(), "appli", "1");

            client.admin("POST", "/users/" + user + "/revoke", null);

            await().atMost(Duration.ofSeconds(5)).until(() -> receiver.received().size() == 1);
            assertThat(receiver.received().get(0)).containsEntry("appli", "46").containsEntry("action", "unlink");
        }
    }

    @Test
    void revokeRemovesTheSubscription() {
        try (CallbackReceiver receiver = new CallbackReceiver()) {
            String token = accessToken(newUser());
            client.post("/notify", token, "action", "subscribe", "callbackurl", receiver.url(), "appli", "44");

            client.post("/notify", token, "action", "revoke", "callbackurl", receiver.url(), "appli", "44");

            assertThat(client.post("/notify", token, "action", "list").path("body").path("profiles")).isEmpty();
        }
    }

    private JsonNode stats() {
        return SimulatorClient.read(client.admin("GET", "/stats", null).body());
    }
}
