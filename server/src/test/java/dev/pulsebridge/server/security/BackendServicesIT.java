package dev.pulsebridge.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.pulsebridge.server.support.SmartLogin;
import dev.pulsebridge.server.support.TestClientKeys;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * SMART Backend Services as a real client does it: an assertion signed with nimbus-jose-jwt
 * ({@code private_key_jwt}, RS384 or ES384), exchanged for a system token that then searches.
 */
class BackendServicesIT extends SmartPeopleTest {

    private static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private String assertion(String clientId, JWSSigner signer, JWSAlgorithm algorithm, String keyId, String jti,
            Duration lifetime, String audience) throws JOSEException {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(clientId).subject(clientId).audience(audience)
                .jwtID(jti).issueTime(Date.from(now)).expirationTime(Date.from(now.plus(lifetime))).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(keyId).build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    private String es384(String clientId, String jti, Duration lifetime) throws JOSEException {
        return assertion(clientId, new ECDSASigner(TestClientKeys.shared().ec()), JWSAlgorithm.ES384, "test-es384", jti,
                lifetime, serverBase() + "/oauth2/token");
    }

    private HttpResponse<String> tokenRequest(String assertion, String scope) {
        return browser().post(serverBase() + "/oauth2/token", Map.of("grant_type", "client_credentials", "scope", scope,
                "client_assertion_type", ASSERTION_TYPE, "client_assertion", assertion), null);
    }

    @Test
    void anEs384AssertionWithInlineKeysGetsASystemTokenThatSearches() throws Exception {
        HttpResponse<String> response = tokenRequest(es384(TestClientKeys.INLINE_CLIENT, UUID.randomUUID().toString(),
                Duration.ofMinutes(4)), "system/Observation.rs");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode token = browser().read(response.body());

        assertThat(token.path("scope").asText()).isEqualTo("system/Observation.rs");
        assertThat(ids(call("GET", "/fhir/Observation?_id=" + ANNA + "-hr," + BEN + "-hr", token.path("access_token").asText(),
                null))).containsExactlyInAnyOrder("Observation/" + ANNA + "-hr", "Observation/" + BEN + "-hr");
    }

    @Test
    void anRs384AssertionIsCheckedAgainstKeysFetchedFromTheJwksUrl() throws Exception {
        String assertion = assertion(TestClientKeys.URL_CLIENT, new RSASSASigner(TestClientKeys.shared().rsa()),
                JWSAlgorithm.RS384, "test-rs384", UUID.randomUUID().toString(), Duration.ofMinutes(4),
                serverBase() + "/oauth2/token");

        HttpResponse<String> response = tokenRequest(assertion, "system/Patient.rs");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(call("GET", "/fhir/Patient/" + BEN, browser().read(response.body()).path("access_token").asText(), null)
                .statusCode()).isEqualTo(200);
    }

    @Test
    void anAssertionUsedTwiceIsRefusedTheSecondTime() throws Exception {
        String assertion = es384(TestClientKeys.INLINE_CLIENT, UUID.randomUUID().toString(), Duration.ofMinutes(4));
        assertThat(tokenRequest(assertion, "system/Observation.rs").statusCode()).isEqualTo(200);

        HttpResponse<String> replay = tokenRequest(assertion, "system/Observation.rs");

        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(replay.body()).contains("invalid_client");
    }

    @Test
    void anAssertionValidForMoreThanFiveMinutesIsRefused() throws Exception {
        HttpResponse<String> response = tokenRequest(es384(TestClientKeys.INLINE_CLIENT, UUID.randomUUID().toString(),
                Duration.ofMinutes(30)), "system/Observation.rs");

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void anAssertionForAnotherAudienceIsRefused() throws Exception {
        String assertion = assertion(TestClientKeys.INLINE_CLIENT, new ECDSASigner(TestClientKeys.shared().ec()),
                JWSAlgorithm.ES384, "test-es384", UUID.randomUUID().toString(), Duration.ofMinutes(4),
                "https://elsewhere.example/token");

        assertThat(tokenRequest(assertion, "system/Observation.rs").statusCode()).isEqualTo(401);
    }

    @Test
    void anAssertionSignedWithAKeyTheClientDidNotRegisterIsRefused() throws Exception {
        var stranger = new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_384).keyID("test-es384").generate();
        String assertion = assertion(TestClientKeys.INLINE_CLIENT, new ECDSASigner(stranger), JWSAlgorithm.ES384, "test-es384",
                UUID.randomUUID().toString(), Duration.ofMinutes(4), serverBase() + "/oauth2/token");

        assertThat(tokenRequest(assertion, "system/Observation.rs").statusCode()).isEqualTo(401);
    }

    @Test
    void aSecretIsNoSubstituteForTheSignedAssertion() {
        HttpResponse<String> response = browser().post(serverBase() + "/oauth2/token",
                Map.of("grant_type", "client_credentials", "scope", "system/Observation.rs"),
                SmartLogin.basic(TestClientKeys.INLINE_CLIENT, "guess"));

        assertThat(response.statusCode()).isEqualTo(401);
    }
}
