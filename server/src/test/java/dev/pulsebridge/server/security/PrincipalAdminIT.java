package dev.pulsebridge.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulsebridge.server.support.OAuthTokens;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An admin adds and removes users and clients while the server runs; what they were given ends with them. */
class PrincipalAdminIT extends SmartPeopleTest {

    private HttpResponse<String> admin(String method, String path, String token, String json) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(serverBase() + "/admin" + path))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String adminToken() {
        return bearer().substring("Bearer ".length());
    }

    @Test
    void aUserAddedAtRuntimeSignsInAndLosesAccessWhenRemoved() {
        String username = unique("nurse");
        HttpResponse<String> added = admin("PUT", "/users/" + username, adminToken(), """
                {"password": "long-enough-password", "fhirUser": "Practitioner/%s", "roles": ["clinician"]}"""
                .formatted(CLINICIAN_USER_ID));
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        assertThat(added.body()).doesNotContain("long-enough-password");

        var login = browser();
        URI back = login.signIn(login.authorizeUrl(CONFIDENTIAL_APP, APP_REDIRECT, "openid user/*.rs", Map.of()), username,
                "long-enough-password");
        String token = login.token(back, CONFIDENTIAL_APP, CONFIDENTIAL_APP_SECRET, APP_REDIRECT).path("access_token").asText();
        assertThat(call("GET", "/fhir/Patient/" + BEN, token, null).statusCode()).isEqualTo(200);

        assertThat(admin("DELETE", "/users/" + username, adminToken(), null).statusCode()).isEqualTo(204);

        assertThat(call("GET", "/fhir/Patient/" + BEN, token, null).statusCode()).as("its tokens end with it").isEqualTo(401);
    }

    @Test
    void aClientAddedAtRuntimeGetsTokensUntilRemoved() {
        String clientId = unique("integration");
        String secret = "a-secret-of-at-least-24-chars";
        assertThat(admin("PUT", "/clients/" + clientId, adminToken(), """
                {"clientSecret": "%s", "scopes": "system/Patient.rs"}""".formatted(secret)).statusCode()).isEqualTo(201);
        String token = OAuthTokens.clientCredentials(serverBase(), clientId, secret, "system/Patient.rs").path("access_token").asText();
        assertThat(call("GET", "/fhir/Patient/" + BEN, token, null).statusCode()).isEqualTo(200);

        assertThat(admin("DELETE", "/clients/" + clientId, adminToken(), null).statusCode()).isEqualTo(204);

        assertThat(OAuthTokens.request(serverBase(), clientId, secret, "system/Patient.rs").statusCode()).isEqualTo(401);
        assertThat(call("GET", "/fhir/Patient/" + BEN, token, null).statusCode()).isEqualTo(401);
    }

    @Test
    void anInvalidDefinitionIsRefusedWithTheReason() {
        HttpResponse<String> refused = admin("PUT", "/users/" + unique("bad"), adminToken(), """
                {"password": "long-enough-password", "fhirUser": "Practitioner/x", "roles": ["patient"]}""");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("fhir-user must be Patient/");
    }

    @Test
    void anOversizedDefinitionIsRefusedUnread() {
        String huge = "{\"password\": \"" + "x".repeat((int) AdminBodyLimit.MAX_BYTES) + "\", \"roles\": [\"admin\"]}";

        assertThat(admin("PUT", "/users/" + unique("huge"), adminToken(), huge).statusCode()).isEqualTo(413);
    }

    @Test
    void aConfiguredUserIsChangedOnlyInConfiguration() {
        assertThat(admin("DELETE", "/users/" + PATIENT_USER, adminToken(), null).statusCode()).isEqualTo(409);
    }

    @Test
    void onlyAnAdminManagesUsers() {
        String readOnly = OAuthTokens.clientCredentials(serverBase(), NARROW_CLIENT, NARROW_CLIENT_SECRET, "system/Patient.r")
                .path("access_token").asText();
        String patient = annaToken("launch/patient patient/*.rs").path("access_token").asText();

        assertThat(admin("GET", "/users", readOnly, null).statusCode()).isEqualTo(403);
        assertThat(admin("GET", "/users", patient, null).statusCode()).isEqualTo(403);
        assertThat(admin("GET", "/users", adminToken(), null).body()).contains("\"username\":\"" + PATIENT_USER + "\"")
                .doesNotContain("password");
    }
}
