package dev.pulsebridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulsebridge.mapping.withings.TokenResponse;
import dev.pulsebridge.mapping.withings.WithingsPayloads;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OAuthContractTest extends SimulatorTestBase {

    @Test
    void authorizeWithSimUserRedirectsBackWithACodeAndTheState() {
        long user = newUser();
        HttpResponse<String> response = client.get("/oauth2_user/authorize2?response_type=code&client_id=" + CLIENT_ID
                + "&scope=user.metrics&state=abc123&redirect_uri=" + REDIRECT + "&sim_userid=" + user);

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location").orElseThrow())
                .startsWith(REDIRECT + "?code=").endsWith("&state=abc123");
    }

    @Test
    void authorizeWithoutSimUserShowsAConsentPageListingUsers() {
        long user = newUser();
        HttpResponse<String> page = client.get("/oauth2_user/authorize2?response_type=code&client_id=" + CLIENT_ID
                + "&scope=user.metrics&state=x&redirect_uri=" + REDIRECT);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("User " + user).contains("Allow");
    }

    @Test
    void codeExchangeAnswersTokensInTheEnvelopeThatTheMapperReads() {
        long user = newUser();
        JsonNode response = exchange(authorizationCode(user, "s"));

        TokenResponse token = WithingsPayloads.token(response);
        assertThat(token.userId()).isEqualTo(Long.toString(user));
        assertThat(token.expiresInSeconds()).isEqualTo(2);
        assertThat(response.path("body").path("userid").isTextual()).isTrue();
    }

    @Test
    void codeWorksOnlyOnce() {
        String code = authorizationCode(newUser(), "s");
        exchange(code);

        assertThat(exchange(code).path("status").asInt()).isEqualTo(503);
    }

    @Test
    void refreshRotatesTheRefreshTokenAndReturnsTheUseridAsANumber() {
        JsonNode first = exchange(authorizationCode(newUser(), "s")).path("body");
        JsonNode second = refresh(first.path("refresh_token").asText());

        assertThat(second.path("status").asInt()).isZero();
        assertThat(second.path("body").path("refresh_token").asText()).isNotEqualTo(first.path("refresh_token").asText());
        assertThat(second.path("body").path("userid").isNumber()).isTrue();
    }

    @Test
    void oldRefreshTokenKeepsWorkingUntilTheNewAccessTokenIsUsed() {
        long user = newUser();
        JsonNode first = exchange(authorizationCode(user, "s")).path("body");
        String oldRefresh = first.path("refresh_token").asText();
        JsonNode rotated = refresh(oldRefresh).path("body");

        assertThat(refresh(oldRefresh).path("status").asInt()).as("retry of a lost refresh").isZero();

        client.post("/measure", rotated.path("access_token").asText(), "action", "getmeas");
        JsonNode afterUse = refresh(oldRefresh);
        assertThat(afterUse.path("status").asInt()).isEqualTo(503);
        assertThat(afterUse.path("error").asText()).contains("invalid");
    }

    @Test
    void expiredAccessTokenAnswersStatus401InsideHttp200() {
        String token = accessToken(newUser());

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonNode response = client.post("/measure", token, "action", "getmeas", "lastupdate", Long.toString(System.nanoTime()));
            assertThat(response.path("status").asInt()).isEqualTo(401);
        });
    }

    @Test
    void wrongClientSecretIsRefused() {
        JsonNode response = client.post("/v2/oauth2", null, "action", "requesttoken", "grant_type", "authorization_code",
                "client_id", CLIENT_ID, "client_secret", "wrong", "code", authorizationCode(newUser(), "s"),
                "redirect_uri", REDIRECT);

        assertThat(response.path("status").asInt()).isEqualTo(503);
    }

    @Test
    void revokeInvalidatesEveryTokenOfTheUser() {
        long user = newUser();
        String token = accessToken(user);

        client.admin("POST", "/users/" + user + "/revoke", null);

        assertThat(client.post("/measure", token, "action", "getmeas").path("status").asInt()).isEqualTo(401);
        assertThat(SimulatorClient.read(client.admin("GET", "/users/" + user + "/tokens", null).body())
                .path("access_tokens")).isEmpty();
    }

    @Test
    void expireTokensMakesTheCurrentAccessTokenAnswer401AtOnce() {
        long user = newUser();
        client.admin("PUT", "/settings", "{\"token_lifetime_seconds\": 3600}");
        String token = accessToken(user);

        client.admin("POST", "/users/" + user + "/expire-tokens", null);

        assertThat(client.post("/measure", token, "action", "getmeas").path("status").asInt()).isEqualTo(401);
    }

    @Test
    void tokenLifetimeSettingAppliesToTokensIssuedAfterIt() {
        client.admin("PUT", "/settings", "{\"token_lifetime_seconds\": 7}");

        assertThat(exchange(authorizationCode(newUser(), "s")).path("body").path("expires_in").asLong()).isEqualTo(7);
    }

    @Test
    void statsCountTokenGrantsByGrantType() {
        JsonNode first = exchange(authorizationCode(newUser(), "s")).path("body");
        refresh(first.path("refresh_token").asText());
        refresh("not-a-token");

        JsonNode grants = SimulatorClient.read(client.admin("GET", "/stats", null).body()).path("token_grants");
        assertThat(grants.path("authorization_code").asLong()).isEqualTo(1);
        assertThat(grants.path("refresh_token").asLong()).as("failed refreshes are not grants").isEqualTo(1);
    }
}
