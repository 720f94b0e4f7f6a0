package dev.pulsebridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FaultContractTest extends SimulatorTestBase {

    @Test
    void queuedStatusFailsExactlyTheNextCallsOfThatAction() {
        String token = accessToken(newUser());
        client.admin("POST", "/faults", Map.of("action", "getmeas", "count", 1, "status", 601));

        JsonNode failed = client.post("/measure", token, "action", "getmeas", "startdate", "10");
        JsonNode next = client.post("/measure", token, "action", "getmeas", "startdate", "11");

        assertThat(failed.path("status").asInt()).isEqualTo(601);
        assertThat(next.path("status").asInt()).isZero();
    }

    @Test
    void queuedHttpErrorAnswersWithoutAnEnvelope() {
        String token = accessToken(newUser());
        client.admin("POST", "/faults", Map.of("action", "getmeas", "count", 1, "http_status", 500));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.post("/measure", token, "action", "getmeas"))
                .hasMessageContaining("got 500");
    }

    @Test
    void faultWithoutAnOutcomeIsRefused() {
        assertThat(client.admin("POST", "/faults", Map.of("action", "getmeas", "count", 1)).statusCode()).isEqualTo(400);
    }
}
