package dev.pulsebridge.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulsebridge.server.support.OAuthTokens;
import dev.pulsebridge.server.support.ServerIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.hl7.fhir.r5.model.CapabilityStatement;
import org.hl7.fhir.r5.model.Extension;
import org.junit.jupiter.api.Test;

/** Discovery checked field by field, the way the SMART App Launch STU 2.2 test kit checks it. */
class SmartDiscoveryIT extends ServerIntegrationTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    private JsonNode discovery() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(fhirBase()
                + "/.well-known/smart-configuration")).header("Accept", "application/fhir+json").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/json"));
        return json.readTree(response.body());
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    @Test
    void theDocumentIsPublicJsonWithTheRequiredFields() throws Exception {
        JsonNode document = discovery();

        assertThat(document.path("token_endpoint").asText()).isEqualTo(serverBase() + "/oauth2/token");
        assertThat(strings(document.path("grant_types_supported"))).contains("client_credentials");
        assertThat(strings(document.path("capabilities"))).isNotEmpty()
                .contains("client-confidential-symmetric", "permission-v2");
        assertThat(strings(document.path("code_challenge_methods_supported"))).contains("S256").doesNotContain("plain");
        assertThat(strings(document.path("token_endpoint_auth_methods_supported"))).contains("client_secret_basic");
        for (String field : List.of("issuer", "jwks_uri", "token_endpoint", "introspection_endpoint", "revocation_endpoint")) {
            assertThat(URI.create(document.path(field).asText()).isAbsolute()).as(field).isTrue();
        }
    }

    /** As Inferno's SMART App Launch STU2.2 discovery tests read it, field by field. */
    @Test
    void theAppLaunchFieldsAreThereAsTheSpecificationAsksThem() throws Exception {
        JsonNode document = discovery();

        assertThat(document.path("authorization_endpoint").asText()).isEqualTo(serverBase() + "/oauth2/authorize");
        assertThat(strings(document.path("grant_types_supported")))
                .containsExactlyInAnyOrder("authorization_code", "client_credentials", "refresh_token");
        assertThat(strings(document.path("code_challenge_methods_supported"))).containsExactly("S256");
        assertThat(strings(document.path("response_types_supported"))).contains("code");
        assertThat(strings(document.path("token_endpoint_auth_methods_supported")))
                .contains("client_secret_basic", "private_key_jwt");
        assertThat(strings(document.path("token_endpoint_auth_signing_alg_values_supported"))).contains("RS384", "ES384");
        assertThat(strings(document.path("scopes_supported"))).contains("openid", "fhirUser", "launch", "launch/patient",
                "offline_access", "online_access", "patient/*.rs", "user/*.rs", "system/*.rs");
        assertThat(strings(document.path("capabilities"))).contains("launch-ehr", "launch-standalone", "client-public",
                "client-confidential-symmetric", "client-confidential-asymmetric", "context-ehr-patient",
                "context-standalone-patient", "sso-openid-connect", "permission-patient", "permission-user",
                "permission-offline", "permission-v1", "permission-v2", "authorize-post");
        assertThat(strings(document.path("capabilities"))).doesNotHaveDuplicates();
    }

    /** sso-openid-connect: the issuer publishes an OpenID configuration that agrees with SMART's. */
    @Test
    void theOpenIdConfigurationAgreesWithTheSmartOne() throws Exception {
        JsonNode smart = discovery();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(smart.path("issuer").asText()
                + "/.well-known/openid-configuration")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode openId = json.readTree(response.body());

        assertThat(openId.path("issuer").asText()).isEqualTo(smart.path("issuer").asText());
        assertThat(openId.path("jwks_uri").asText()).isEqualTo(smart.path("jwks_uri").asText());
        assertThat(openId.path("authorization_endpoint").asText()).isEqualTo(smart.path("authorization_endpoint").asText());
        assertThat(openId.path("token_endpoint").asText()).isEqualTo(smart.path("token_endpoint").asText());
        assertThat(strings(openId.path("id_token_signing_alg_values_supported"))).containsExactly("ES256");
    }

    @Test
    void theAdvertisedEndpointsIssueCheckAndRevokeTokens() throws Exception {
        JsonNode document = discovery();
        String token = OAuthTokens.clientCredentials(serverBase(), TEST_CLIENT, TEST_CLIENT_SECRET, "system/*.rs")
                .path("access_token").asText();

        JsonNode keys = json.readTree(http.send(HttpRequest.newBuilder(URI.create(document.path("jwks_uri").asText()))
                .build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(keys.path("keys").get(0).path("kty").asText()).isEqualTo("EC");
        JsonNode introspection = form(document.path("introspection_endpoint").asText(), "token=" + token);
        assertThat(introspection.path("active").asBoolean()).isTrue();
        assertThat(introspection.path("scope").asText()).isEqualTo("system/*.rs");
        assertThat(introspection.path("client_id").asText()).isEqualTo(TEST_CLIENT);
        assertThat(introspection.has("exp")).isTrue();

        form(document.path("revocation_endpoint").asText(), "token=" + token);
        assertThat(form(document.path("introspection_endpoint").asText(), "token=" + token).path("active").asBoolean())
                .isFalse();
        HttpResponse<String> afterRevocation = http.send(HttpRequest.newBuilder(URI.create(fhirBase() + "/Patient?_count=1"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(afterRevocation.statusCode()).as("a revoked token no longer opens the door").isEqualTo(401);
    }

    @Test
    void theCapabilityStatementNamesSmartAndTheTokenEndpoint() throws Exception {
        CapabilityStatement capabilities = fhirClient().capabilities().ofType(CapabilityStatement.class).execute();
        CapabilityStatement.CapabilityStatementRestSecurityComponent security = capabilities.getRestFirstRep().getSecurity();

        assertThat(security.getServiceFirstRep().getCodingFirstRep().getCode()).isEqualTo("SMART-on-FHIR");
        Extension uris = security.getExtensionByUrl(SmartCapabilities.OAUTH_URIS);
        assertThat(uris.getExtensionByUrl("token").getValue().primitiveValue())
                .isEqualTo(discovery().path("token_endpoint").asText());
        assertThat(uris.getExtensionByUrl("authorize").getValue().primitiveValue())
                .isEqualTo(discovery().path("authorization_endpoint").asText());
    }

    private JsonNode form(String url, String body) throws Exception {
        String basic = Base64.getEncoder().encodeToString((TEST_CLIENT + ":" + TEST_CLIENT_SECRET)
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body().isBlank() ? json.createObjectNode() : json.readTree(response.body());
    }
}
