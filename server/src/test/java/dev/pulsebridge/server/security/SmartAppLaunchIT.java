package dev.pulsebridge.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import dev.pulsebridge.server.support.OAuthTokens;
import dev.pulsebridge.server.support.SmartLogin;
import dev.pulsebridge.server.support.SmartLogin.ConsentForm;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SMART App Launch end to end over HTTP: authorization code with PKCE, login, consent, launch context. */
class SmartAppLaunchIT extends SmartPeopleTest {

    private static final String PATIENT_SCOPES = "openid fhirUser launch/patient patient/Patient.rs patient/Observation.rs";

    @Test
    void aPatientSignsInConsentsAndGetsATokenForTheirOwnRecord() throws Exception {
        SmartLogin login = browser();
        URI consentPage = login.signIn(login.authorizeUrl(PUBLIC_APP, APP_REDIRECT, PATIENT_SCOPES, Map.of()),
                PATIENT_USER, PASSWORD);
        ConsentForm form = login.consentPage(consentPage);
        assertThat(form.scopes()).containsExactlyInAnyOrder("fhirUser", "launch/patient", "patient/Patient.rs",
                "patient/Observation.rs");
        URI back = login.consent(PUBLIC_APP, form, form.scopes(), null);
        assertThat(back.toString()).startsWith(APP_REDIRECT);
        assertThat(SmartLogin.query(back)).containsEntry("state", "app-state-123").containsKey("code");

        JsonNode token = login.token(back, PUBLIC_APP, null, APP_REDIRECT);

        assertThat(token.path("patient").asText()).isEqualTo(ANNA);
        assertThat(token.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(token.has("refresh_token")).as("no offline_access asked").isFalse();
        String accessToken = token.path("access_token").asText();
        assertThat(call("GET", "/fhir/Patient/" + ANNA, accessToken, null).statusCode()).isEqualTo(200);
        HttpResponse<String> observations = call("GET", "/fhir/Observation?_count=500", accessToken, null);
        assertThat(ids(observations)).contains("Observation/" + ANNA + "-hr");
        assertThat(patientsIn(observations)).containsExactly("Patient/" + ANNA);
    }

    @Test
    void theIdTokenSaysWhoSignedInAsAFhirResourceUrl() throws Exception {
        JsonNode token = annaToken(PATIENT_SCOPES);

        SignedJWT idToken = SignedJWT.parse(token.path("id_token").asText());
        assertThat(idToken.getJWTClaimsSet().getStringClaim("fhirUser")).isEqualTo(serverBase() + "/fhir/Patient/" + ANNA);
        assertThat(idToken.getJWTClaimsSet().getSubject()).isEqualTo(PATIENT_USER);
        assertThat(idToken.getJWTClaimsSet().getAudience()).containsExactly(CONFIDENTIAL_APP);
    }

    @Test
    void untickingAScopeOnTheConsentPageGrantsLess() {
        SmartLogin login = browser();
        URI consentPage = login.signIn(login.authorizeUrl(PUBLIC_APP, APP_REDIRECT, PATIENT_SCOPES, Map.of()),
                PATIENT_USER, PASSWORD);
        ConsentForm form = login.consentPage(consentPage);
        List<String> allButObservations = form.scopes().stream().filter(scope -> !scope.contains("Observation")).toList();

        JsonNode token = login.token(login.consent(PUBLIC_APP, form, allButObservations, null), PUBLIC_APP, null, APP_REDIRECT);

        assertThat(token.path("scope").asText()).doesNotContain("Observation").contains("patient/Patient.rs");
        HttpResponse<String> observations = call("GET", "/fhir/Observation", token.path("access_token").asText(), null);
        assertThat(observations.statusCode()).isEqualTo(403);
        assertThat(observations.body()).contains("patient/Observation.s");
    }

    @Test
    void denyingOnTheConsentPageSendsTheAppAnError() {
        SmartLogin login = browser();
        ConsentForm form = login.consentPage(login.signIn(login.authorizeUrl(PUBLIC_APP, APP_REDIRECT, PATIENT_SCOPES, Map.of()),
                PATIENT_USER, PASSWORD));

        URI back = login.consent(PUBLIC_APP, form, List.of(), null);

        assertThat(SmartLogin.query(back)).containsEntry("error", "access_denied").doesNotContainKey("code");
    }

    @Test
    void aClinicianPicksAPatientOfTheirCareTeam() {
        SmartLogin login = browser();
        ConsentForm form = login.consentPage(login.signIn(login.authorizeUrl(PUBLIC_APP, APP_REDIRECT, PATIENT_SCOPES,
                Map.of()), CLINICIAN_USER, PASSWORD));
        assertThat(form.patients()).containsExactly(BEN);

        JsonNode token = login.token(login.consent(PUBLIC_APP, form, form.scopes(), BEN), PUBLIC_APP, null, APP_REDIRECT);

        assertThat(token.path("patient").asText()).isEqualTo(BEN);
        HttpResponse<String> observations = call("GET", "/fhir/Observation?_count=500", token.path("access_token").asText(), null);
        assertThat(ids(observations)).contains("Observation/" + BEN + "-hr");
        assertThat(patientsIn(observations)).containsExactly("Patient/" + BEN);
    }

    @Test
    void aClinicianCannotPickAPatientOutsideTheirCareTeams() {
        SmartLogin login = browser();
        ConsentForm form = login.consentPage(login.signIn(login.authorizeUrl(PUBLIC_APP, APP_REDIRECT, PATIENT_SCOPES,
                Map.of()), CLINICIAN_USER, PASSWORD));

        URI back = login.consent(PUBLIC_APP, form, form.scopes(), OUTSIDER);

        assertThat(SmartLogin.query(back)).containsEntry("error", "access_denied").doesNotContainKey("code");
    }

    @Test
    void anEhrLaunchBindsThePatientTheEhrChose() {
        HttpResponse<String> started = browser().post(serverBase() + "/smart/launch",
                Map.of("patient", "Patient/" + BEN, "client_id", CONFIDENTIAL_APP), bearer());
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        String launch = browser().read(started.body()).path("launch").asText();
        SmartLogin login = browser();

        URI back = login.signIn(login.authorizeUrl(CONFIDENTIAL_APP, APP_REDIRECT, "launch openid fhirUser patient/*.rs",
                Map.of("launch", launch)), CLINICIAN_USER, PASSWORD);
        JsonNode token = login.token(back, CONFIDENTIAL_APP, CONFIDENTIAL_APP_SECRET, APP_REDIRECT);

        assertThat(token.path("patient").asText()).isEqualTo(BEN);
    }

    @Test
    void onlyATokenThatMayReadThePatientStartsAnEhrLaunch() {
        String anna = annaToken("launch/patient patient/*.rs").path("access_token").asText();

        assertThat(browser().post(serverBase() + "/smart/launch", Map.of("patient", BEN), null).statusCode()).isEqualTo(401);
        HttpResponse<String> refused = browser().post(serverBase() + "/smart/launch", Map.of("patient", BEN), "Bearer " + anna);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).doesNotContain("launch\"");
    }

    @Test
    void aLaunchIdTheServerDidNotIssueIsRefused() {
        SmartLogin login = browser();

        HttpResponse<String> answer = login.get(login.authorizeUrl(CONFIDENTIAL_APP, APP_REDIRECT, "launch patient/*.rs",
                Map.of("launch", "made-up")));

        assertThat(answer.statusCode()).isEqualTo(302);
        assertThat(answer.headers().firstValue("Location").orElseThrow()).startsWith(APP_REDIRECT).contains("error=invalid_request");
    }

    @Test
    void anAuthorizationRequestWithoutPkceIsRefused() {
        SmartLogin login = browser();
        Map<String, String> noPkce = new HashMap<>();
        noPkce.put("code_challenge", null);
        noPkce.put("code_challenge_method", null);

        HttpResponse<String> answer = login.get(login.authorizeUrl(CONFIDENTIAL_APP, APP_REDIRECT, PATIENT_SCOPES, noPkce));

        assertThat(answer.headers().firstValue("Location").orElseThrow()).startsWith(APP_REDIRECT).contains("error=invalid_request");
    }

    @Test
    void thePlainPkceMethodIsRefused() {
        SmartLogin login = browser();

        HttpResponse<String> answer = login.get(login.authorizeUrl(PUBLIC_APP, APP_REDIRECT, PATIENT_SCOPES,
                Map.of("code_challenge_method", "plain")));

        assertThat(answer.headers().firstValue("Location").orElseThrow()).startsWith(APP_REDIRECT).contains("error=invalid_request");
    }

    @Test
    void anAuthorizationRequestForAnotherFhirServerIsRefused() {
        SmartLogin login = browser();

        HttpResponse<String> answer = login.get(login.authorizeUrl(PUBLIC_APP, APP_REDIRECT, PATIENT_SCOPES,
                Map.of("aud", "https://elsewhere.example/fhir")));

        assertThat(answer.headers().firstValue("Location").orElseThrow()).startsWith(APP_REDIRECT).contains("error=invalid_request");
    }

    @Test
    void offlineAccessGivesARefreshTokenThatIsRotatedOnUse() {
        JsonNode first = annaToken(PATIENT_SCOPES + " offline_access");
        String refreshToken = first.path("refresh_token").asText();
        assertThat(refreshToken).isNotBlank();

        HttpResponse<String> refreshed = browser().refresh(refreshToken, CONFIDENTIAL_APP, CONFIDENTIAL_APP_SECRET);
        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
        JsonNode second = browser().read(refreshed.body());

        assertThat(second.path("patient").asText()).isEqualTo(ANNA);
        assertThat(second.path("refresh_token").asText()).isNotBlank().isNotEqualTo(refreshToken);
        assertThat(call("GET", "/fhir/Observation", second.path("access_token").asText(), null).statusCode()).isEqualTo(200);
        assertThat(browser().refresh(refreshToken, CONFIDENTIAL_APP, CONFIDENTIAL_APP_SECRET).statusCode())
                .as("the used refresh token is spent").isEqualTo(400);
    }

    @Test
    void introspectionTellsTheTokensPatientAndUser() {
        String accessToken = annaToken(PATIENT_SCOPES).path("access_token").asText();

        HttpResponse<String> answer = browser().post(serverBase() + "/oauth2/introspect", Map.of("token", accessToken),
                SmartLogin.basic(CONFIDENTIAL_APP, CONFIDENTIAL_APP_SECRET));

        JsonNode introspection = browser().read(answer.body());
        assertThat(introspection.path("active").asBoolean()).isTrue();
        assertThat(introspection.path("patient").asText()).isEqualTo(ANNA);
        assertThat(introspection.path("fhirUser").asText()).isEqualTo("Patient/" + ANNA);
        assertThat(introspection.path("scope").asText()).contains("patient/Observation.rs");
        assertThat(introspection.has("exp")).isTrue();
    }

    @Test
    void userScopesReachTheClinicianCareTeamPatientsOnly() {
        SmartLogin login = browser();
        URI back = login.signIn(login.authorizeUrl(CONFIDENTIAL_APP, APP_REDIRECT, "openid fhirUser user/*.rs", Map.of()),
                CLINICIAN_USER, PASSWORD);
        String token = login.token(back, CONFIDENTIAL_APP, CONFIDENTIAL_APP_SECRET, APP_REDIRECT).path("access_token").asText();

        assertThat(call("GET", "/fhir/Patient/" + BEN, token, null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/fhir/Patient/" + ANNA, token, null).statusCode()).isEqualTo(404);
        HttpResponse<String> observations = call("GET", "/fhir/Observation?code=8867-4&_count=500", token, null);
        assertThat(ids(observations)).contains("Observation/" + BEN + "-hr");
        assertThat(patientsIn(observations)).containsExactly("Patient/" + BEN);
    }

    @Test
    void aBackendClientCannotAskForPatientScopes() {
        assertThat(OAuthTokens.request(serverBase(), TEST_CLIENT, TEST_CLIENT_SECRET, "patient/*.rs").statusCode()).isEqualTo(400);
    }
}
