package dev.pulsebridge.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A simulator on a random port with short token lives and fast retries; state is reset per test. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "sim.token-lifetime-seconds=2",
        "sim.page-size=2",
        "sim.rate-limit-per-minute=1000",
        "sim.notify-retry-delays-millis=100,200,300",
        "sim.notify-timeout-millis=1000"})
abstract class SimulatorTestBase {

    static final String CLIENT_ID = "pulsebridge-dev";
    static final String CLIENT_SECRET = "pulsebridge-dev-secret";
    static final String REDIRECT = "http://127.0.0.1:9/withings/callback";

    @LocalServerPort
    int port;

    SimulatorClient client;

    @BeforeEach
    void resetSimulator() {
        client = new SimulatorClient(port);
        client.admin("DELETE", "", null);
    }

    long newUser() {
        return SimulatorClient.read(client.admin("POST", "/users", "{}").body()).get("userid").asLong();
    }

    String authorizationCode(long userId, String state) {
        HttpResponse<String> redirect = client.get("/oauth2_user/authorize2?response_type=code&client_id=" + CLIENT_ID
                + "&scope=user.metrics,user.activity&state=" + state + "&redirect_uri=" + REDIRECT + "&sim_userid=" + userId);
        String location = redirect.headers().firstValue("Location").orElseThrow();
        String query = URI.create(location).getQuery();
        for (String pair : query.split("&")) {
            if (pair.startsWith("code=")) {
                return pair.substring(5);
            }
        }
        throw new AssertionError("no code in " + location);
    }

    JsonNode exchange(String code) {
        return client.post("/v2/oauth2", null, "action", "requesttoken", "grant_type", "authorization_code",
                "client_id", CLIENT_ID, "client_secret", CLIENT_SECRET, "code", code, "redirect_uri", REDIRECT);
    }

    JsonNode refresh(String refreshToken) {
        return client.post("/v2/oauth2", null, "action", "requesttoken", "grant_type", "refresh_token",
                "client_id", CLIENT_ID, "client_secret", CLIENT_SECRET, "refresh_token", refreshToken);
    }

    String accessToken(long userId) {
        return exchange(authorizationCode(userId, "s")).path("body").path("access_token").asText();
    }

    void addGroups(long userId, String json) {
        HttpResponse<String> response = client.admin("POST", "/users/" + userId + "/measuregrps", json);
        if (response.statusCode() != 201) {
            throw new AssertionError(response.body());
        }
    }
}
