package dev.pulsebridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "sim.rate-limit-per-minute=3")
class RateLimitContractTest extends SimulatorTestBase {

    @Test
    void callsOverThePerMinuteBudgetGetStatus601AndAreCounted() {
        String token = accessToken(newUser()); // one call (requesttoken)
        client.post("/measure", token, "action", "getmeas", "startdate", "1");
        client.post("/measure", token, "action", "getmeas", "startdate", "2");

        JsonNode overBudget = client.post("/measure", token, "action", "getmeas", "startdate", "3");

        assertThat(overBudget.path("status").asInt()).isEqualTo(601);
        assertThat(overBudget.path("body").path("wait_seconds").asInt()).isBetween(1, 60);
        JsonNode stats = SimulatorClient.read(client.admin("GET", "/stats", null).body());
        assertThat(stats.path("rate_limited").asInt()).isEqualTo(1);
        assertThat(stats.path("rate_limited_by").path("over_budget").asInt()).isEqualTo(1);
    }

    @Test
    void aRepeatedRequestIsCountedApartFromCallsOverTheBudget() {
        String token = accessToken(newUser());
        client.post("/measure", token, "action", "getmeas", "startdate", "7");

        JsonNode repeated = client.post("/measure", token, "action", "getmeas", "startdate", "7");

        assertThat(repeated.path("status").asInt()).isEqualTo(601);
        JsonNode stats = SimulatorClient.read(client.admin("GET", "/stats", null).body());
        assertThat(stats.path("rate_limited_by").path("repeated getmeas").asInt()).isEqualTo(1);
        assertThat(stats.path("rate_limited_by").has("over_budget")).isFalse();
    }

    @Test
    void theBudgetSetThroughTheAdminApiAppliesToTheNextCalls() {
        client.admin("PUT", "/settings", java.util.Map.of("rate_limit_per_minute", 5));
        String token = accessToken(newUser());
        for (int i = 0; i < 4; i++) {
            assertThat(client.post("/measure", token, "action", "getmeas", "startdate", Integer.toString(10 + i))
                    .path("status").asInt()).isZero();
        }

        JsonNode overBudget = client.post("/measure", token, "action", "getmeas", "startdate", "20");

        assertThat(overBudget.path("status").asInt()).isEqualTo(601);
    }
}
