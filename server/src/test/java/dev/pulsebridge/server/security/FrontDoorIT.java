package dev.pulsebridge.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulsebridge.server.support.OAuthTokens;
import dev.pulsebridge.server.support.ServerIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.hl7.fhir.r5.model.Observation;
import org.hl7.fhir.r5.model.Patient;
import org.junit.jupiter.api.Test;

/** Nothing behind /fhir without a token, and a token does only what its scopes allow. */
class FrontDoorIT extends ServerIntegrationTest {

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(serverBase() + path))
                .header("Accept", "application/fhir+json").header("Content-Type", "application/fhir+json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String narrowToken() {
        return OAuthTokens.clientCredentials(serverBase(), NARROW_CLIENT, NARROW_CLIENT_SECRET,
                "system/Observation.rs system/Patient.r").path("access_token").asText();
    }

    private String newPatient() {
        Patient patient = new Patient();
        patient.addName().setFamily("Door");
        return fhirClient().create().resource(patient).execute().getId().getIdPart();
    }

    private static String observation(String patientId) {
        return """
                {"resourceType": "Observation", "status": "final",
                 "code": {"coding": [{"system": "http://loinc.org", "code": "8867-4"}]},
                 "subject": {"reference": "Patient/%s"}, "effectiveDateTime": "2026-11-30T08:00:00Z",
                 "valueQuantity": {"value": 61, "unit": "/min", "system": "http://unitsofmeasure.org", "code": "/min"}}"""
                .formatted(patientId);
    }

    @Test
    void withoutATokenFhirAnswers401WithABearerChallenge() throws Exception {
        HttpResponse<String> response = call("GET", "/fhir/Patient", null, null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(call("DELETE", "/fhir/Patient/" + newPatient(), null, null).statusCode()).isEqualTo(401);
        assertThat(call("GET", "/fhir/Patient", "not-a-token", null).statusCode()).isEqualTo(401);
    }

    @Test
    void theCapabilityStatementAndHealthArePublic() throws Exception {
        assertThat(call("GET", "/fhir/metadata", null, null).statusCode()).isEqualTo(200);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(serverBase() + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    @Test
    void metricsNeedAToken() throws Exception {
        assertThat(http.send(HttpRequest.newBuilder(URI.create(serverBase() + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
    }

    @Test
    void metricsNeedATokenThatMayReadEverything() throws Exception {
        HttpRequest.Builder metrics = HttpRequest.newBuilder(URI.create(serverBase() + "/actuator/prometheus"));
        assertThat(http.send(metrics.header("Authorization", "Bearer " + narrowToken()).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(serverBase() + "/actuator/prometheus"))
                .header("Authorization", bearer()).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    @Test
    void aWrongSecretGetsNoToken() {
        assertThat(OAuthTokens.request(serverBase(), TEST_CLIENT, "wrong", "system/*.cruds").statusCode()).isEqualTo(401);
    }

    @Test
    void aScopeBeyondTheClientsRegistrationIsRefused() {
        HttpResponse<String> response = OAuthTokens.request(serverBase(), NARROW_CLIENT, NARROW_CLIENT_SECRET, "system/*.cruds");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("invalid_scope");
    }

    @Test
    void aClientMayAskForLessThanItsRegisteredScopes() {
        assertThat(OAuthTokens.clientCredentials(serverBase(), NARROW_CLIENT, NARROW_CLIENT_SECRET, "system/Observation.r")
                .path("scope").asText()).isEqualTo("system/Observation.r");
    }

    @Test
    void aReadOnlyTokenReadsButCannotWrite() throws Exception {
        String patient = newPatient();
        String token = narrowToken();

        assertThat(call("GET", "/fhir/Patient/" + patient, token, null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/fhir/Observation?subject=Patient/" + patient, token, null).statusCode()).isEqualTo(200);
        HttpResponse<String> create = call("POST", "/fhir/Observation", token, observation(patient));
        assertThat(create.statusCode()).isEqualTo(403);
        assertThat(create.body()).contains("OperationOutcome").contains("system/Observation.c");
        assertThat(call("DELETE", "/fhir/Patient/" + patient, token, null).statusCode()).isEqualTo(403);
    }

    @Test
    void readingATypeDoesNotAllowSearchingIt() throws Exception {
        assertThat(call("GET", "/fhir/Patient?name=Door", narrowToken(), null).statusCode()).isEqualTo(403);
    }

    @Test
    void aTransactionFailsWhenOneEntryIsNotAllowed() throws Exception {
        String patient = newPatient();
        String bundle = """
                {"resourceType": "Bundle", "type": "transaction", "entry": [
                  {"resource": %s, "request": {"method": "POST", "url": "Observation"}}]}""".formatted(observation(patient));

        assertThat(call("POST", "/fhir", narrowToken(), bundle).statusCode()).isEqualTo(403);
        assertThat(fhirClient().search().forResource(Observation.class)
                .where(Observation.SUBJECT.hasId("Patient/" + patient)).returnBundle(org.hl7.fhir.r5.model.Bundle.class)
                .execute().getEntry()).isEmpty();
    }

    @Test
    void includedResourcesOutsideTheScopesAreNeverReturned() throws Exception {
        String patient = newPatient();
        fhirClient().create().resource(new org.hl7.fhir.r5.model.Device().setSerialNumber("door-1")).execute();
        HttpResponse<String> response = call("GET", "/fhir/Observation?subject=Patient/" + patient
                + "&_revinclude=Provenance:target", narrowToken(), null);

        assertThat(response.statusCode()).isIn(200, 403);
        assertThat(response.body()).doesNotContain("\"resourceType\":\"Provenance\"");
    }

    @Test
    void linkingAPatientToWithingsCountsAsUpdatingThePatient() throws Exception {
        HttpResponse<String> response = call("POST", "/fhir/Patient/" + newPatient() + "/$withings-connect", narrowToken(),
                "{\"resourceType\":\"Parameters\"}");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("system/Patient.u");
    }
}
