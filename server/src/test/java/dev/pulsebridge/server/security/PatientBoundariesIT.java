package dev.pulsebridge.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.hl7.fhir.r5.model.Observation;
import org.hl7.fhir.r5.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The negative matrix: Anna's patient-context token reaching for Ben's data on every surface gets 403 or
 * nothing, and a token without the scope gets 403. Each test is one surface.
 */
class PatientBoundariesIT extends SmartPeopleTest {

    private static final String FULL = "launch/patient patient/*.cruds";
    private static final String BENS = "Observation/" + BEN + "-hr";

    private String anna;

    @BeforeEach
    void annaSignsIn() {
        // an Observation of Anna's that points at one of Ben's: the way _include could leak
        Observation derived = new Observation();
        derived.setId(ANNA + "-derived");
        derived.setStatus(org.hl7.fhir.r5.model.Enumerations.ObservationStatus.FINAL);
        derived.getCode().addCoding().setSystem("http://loinc.org").setCode("8867-4");
        derived.setSubject(new Reference("Patient/" + ANNA));
        derived.addDerivedFrom(new Reference(BENS));
        fhirClient().update().resource(derived).execute();
        anna = annaToken(FULL).path("access_token").asText();
    }

    private String observationOf(String patient) {
        return """
                {"resourceType": "Observation", "status": "final",
                 "code": {"coding": [{"system": "http://loinc.org", "code": "8867-4"}]},
                 "subject": {"reference": "Patient/%s"},
                 "valueQuantity": {"value": 61, "unit": "/min", "system": "http://unitsofmeasure.org", "code": "/min"}}"""
                .formatted(patient);
    }

    /** Stored with the tests' backend token; returns Observation/{id}. */
    private String systemCreate(String observation) {
        return "Observation/" + fhirClient().create().resource(observation).execute().getId().getIdPart();
    }

    private boolean bensObservationIsIntact() {
        return fhirClient().read().resource(Observation.class).withId(BENS).execute().getValueQuantity().getValue().intValue() == 60;
    }

    @Test
    void readingAnotherPatientAnswersNotFound() {
        assertThat(call("GET", "/fhir/Patient/" + BEN, anna, null).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/fhir/" + BENS, anna, null).statusCode()).isEqualTo(404);
    }

    @Test
    void vreadOfAnotherPatientsResourceAnswersNotFound() {
        assertThat(call("GET", "/fhir/" + BENS + "/_history/1", anna, null).statusCode()).isEqualTo(404);
    }

    @Test
    void aSearchNamingAnotherPatientFindsNothingOfTheirs() {
        HttpResponse<String> search = call("GET", "/fhir/Observation?patient=" + BEN, anna, null);
        assertThat(search.statusCode()).isIn(200, 403);
        assertThat(search.body()).doesNotContain(BEN + "-hr");
    }

    @Test
    void aSearchWithoutPatientFindsOnlyTheTokensPatient() {
        HttpResponse<String> search = call("GET", "/fhir/Observation?code=8867-4&_count=500", anna, null);
        assertThat(ids(search)).contains("Observation/" + ANNA + "-hr", "Observation/" + ANNA + "-derived");
        assertThat(patientsIn(search)).containsExactly("Patient/" + ANNA);
    }

    @Test
    void includedResourcesOfAnotherPatientAreDropped() {
        HttpResponse<String> search = call("GET", "/fhir/Observation?_id=" + ANNA + "-derived&_include=Observation:derived-from",
                anna, null);
        assertThat(search.statusCode()).isEqualTo(200);
        assertThat(ids(search)).containsExactly("Observation/" + ANNA + "-derived");
    }

    @Test
    void revIncludedResourcesOfAnotherPatientAreDropped() {
        HttpResponse<String> search = call("GET", "/fhir/Patient?_id=" + BEN + "&_revinclude=Observation:subject", anna, null);
        assertThat(search.statusCode()).isIn(200, 403);
        assertThat(search.body()).doesNotContain(BEN + "-hr");
    }

    @Test
    void historyShowsOnlyTheTokensPatient() {
        assertThat(ids(call("GET", "/fhir/" + BENS + "/_history", anna, null))).doesNotContain(BENS);
        // fresh versions for both, so the answer does not depend on what earlier runs left in the database
        String since = java.time.Instant.now().minusSeconds(2).toString();
        String annas = systemCreate(observationOf(ANNA));
        String bens = systemCreate(observationOf(BEN));
        HttpResponse<String> typeHistory = call("GET", "/fhir/Observation/_history?_count=500&_since=" + since, anna, null);
        assertThat(ids(typeHistory)).contains(annas).doesNotContain(bens, BENS);
        assertThat(patientsIn(typeHistory)).containsExactly("Patient/" + ANNA);
    }

    @Test
    void chainedAndHasSearchesAreRefused() {
        assertThat(call("GET", "/fhir/Observation?subject.family=ben", anna, null).statusCode()).isEqualTo(403);
        assertThat(call("GET", "/fhir/Patient?_has:Observation:subject:code=8867-4", anna, null).statusCode()).isEqualTo(403);
    }

    @Test
    void everythingOfAnotherPatientIsRefusedAndOwnEverythingIsOwn() {
        assertThat(call("GET", "/fhir/Patient/" + BEN + "/$everything", anna, null).statusCode()).isEqualTo(403);
        HttpResponse<String> own = call("GET", "/fhir/Patient/" + ANNA + "/$everything", anna, null);
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(ids(own)).contains("Observation/" + ANNA + "-hr").doesNotContain(BENS, "Patient/" + BEN);
        assertThat(patientsIn(own)).containsExactly("Patient/" + ANNA);
    }

    @Test
    void aTransactionWithOneEntryForAnotherPatientFailsWhole() {
        String transaction = """
                {"resourceType": "Bundle", "type": "transaction", "entry": [
                  {"fullUrl": "urn:uuid:8f0c1c7e-0000-4000-8000-000000000001", "resource": %s,
                   "request": {"method": "POST", "url": "Observation"}},
                  {"fullUrl": "urn:uuid:8f0c1c7e-0000-4000-8000-000000000002", "resource": %s,
                   "request": {"method": "POST", "url": "Observation"}}]}"""
                .formatted(observationOf(ANNA), observationOf(BEN));
        long before = ids(call("GET", "/fhir/Observation?_count=500", anna, null)).size();

        HttpResponse<String> refused = call("POST", "/fhir", anna, transaction);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        assertThat(ids(call("GET", "/fhir/Observation?_count=500", anna, null))).hasSize((int) before);
    }

    @Test
    void creatingForAnotherPatientIsRefused() {
        assertThat(call("POST", "/fhir/Observation", anna, observationOf(BEN)).statusCode()).isEqualTo(403);
        assertThat(call("POST", "/fhir/Observation", anna, observationOf(ANNA)).statusCode()).isEqualTo(201);
    }

    @Test
    void updatingAnotherPatientsResourceIsRefusedEvenIntoOwnCompartment() {
        String takeOver = observationOf(ANNA).replace("{\"resourceType\": \"Observation\",",
                "{\"resourceType\": \"Observation\", \"id\": \"" + BEN + "-hr\",");
        assertThat(call("PUT", "/fhir/" + BENS, anna, takeOver).statusCode()).isEqualTo(403);
        assertThat(bensObservationIsIntact()).isTrue();
    }

    @Test
    void patchingAnotherPatientsResourceIsRefused() {
        String patch = """
                [{"op": "replace", "path": "/status", "value": "entered-in-error"}]""";
        HttpResponse<String> response = http(anna, "PATCH", "/fhir/" + BENS, patch, "application/json-patch+json");
        assertThat(response.statusCode()).isIn(403, 404);
        assertThat(bensObservationIsIntact()).isTrue();
    }

    @Test
    void deletingAnotherPatientsResourceIsRefused() {
        assertThat(call("DELETE", "/fhir/" + BENS, anna, null).statusCode()).isIn(403, 404);
        assertThat(bensObservationIsIntact()).isTrue();
    }

    @Test
    void conditionalWritesCannotReachAnotherPatient() {
        assertThat(call("PUT", "/fhir/Observation?_id=" + BEN + "-hr", anna, observationOf(BEN)).statusCode()).isEqualTo(403);
        call("DELETE", "/fhir/Observation?_id=" + BEN + "-hr", anna, null);
        assertThat(bensObservationIsIntact()).isTrue();
    }

    @Test
    void validationAndTerminologyStayOpen() {
        assertThat(call("POST", "/fhir/Observation/$validate", anna, observationOf(ANNA)).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/fhir/CodeSystem/$lookup?system=http://loinc.org&code=8867-4", anna, null).statusCode())
                .isIn(200, 404);
    }

    @Test
    void withingsOperationsOnAnotherPatientAreRefused() {
        assertThat(call("GET", "/fhir/Patient/" + BEN + "/$withings-status", anna, null).statusCode()).isEqualTo(403);
        assertThat(call("POST", "/fhir/Patient/" + BEN + "/$withings-connect", anna, "{\"resourceType\":\"Parameters\"}")
                .statusCode()).isEqualTo(403);
        assertThat(call("GET", "/fhir/Patient/" + ANNA + "/$withings-status", anna, null).statusCode()).isEqualTo(200);
    }

    @Test
    void aBatchSearchIsNarrowedToTheTokensPatient() {
        String batch = """
                {"resourceType": "Bundle", "type": "batch", "entry": [
                  {"request": {"method": "GET", "url": "Observation?patient=%s"}}]}""".formatted(BEN);
        HttpResponse<String> response = call("POST", "/fhir", anna, batch);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).doesNotContain(BEN + "-hr");
    }

    @Test
    void aSystemLevelSearchShowsOnlyTheTokensPatient() {
        HttpResponse<String> response = call("GET", "/fhir?_type=Observation&_count=500", anna, null);
        assertThat(response.body()).doesNotContain(BEN + "-hr");
    }

    @Test
    void aTokenWithoutTheScopeGets403() {
        String patientsOnly = annaToken("launch/patient patient/Patient.rs").path("access_token").asText();

        assertThat(call("GET", "/fhir/Observation", patientsOnly, null).statusCode()).isEqualTo(403);
        assertThat(call("POST", "/fhir/Observation", patientsOnly, observationOf(ANNA)).statusCode()).isEqualTo(403);
        assertThat(call("GET", "/fhir/Patient/" + ANNA, patientsOnly, null).statusCode()).isEqualTo(200);
    }

    @Test
    void aGranularScopeShowsOnlyWhatItsSearchMatches() {
        String vitals = annaToken("launch/patient patient/Observation.rs?category=vital-signs").path("access_token").asText();
        String labs = annaToken("launch/patient patient/Observation.rs?category=laboratory").path("access_token").asText();

        assertThat(ids(call("GET", "/fhir/Observation?_count=500", vitals, null))).contains("Observation/" + ANNA + "-hr")
                .doesNotContain("Observation/" + ANNA + "-derived");
        java.net.http.HttpResponse<String> labResults = call("GET", "/fhir/Observation?_count=500", labs, null);
        assertThat(ids(labResults)).doesNotContain("Observation/" + ANNA + "-hr");
        // other tests may give Anna laboratory results: every one shown must be one
        browser().read(labResults.body()).path("entry").forEach(entry ->
                assertThat(entry.path("resource").path("category").toString()).contains("\"laboratory\""));
        assertThat(call("GET", "/fhir/Observation/" + ANNA + "-hr", labs, null).statusCode()).isEqualTo(404);
    }

    private java.net.http.HttpResponse<String> http(String token, String method, String path, String body, String type) {
        try {
            return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(serverBase() + path))
                    .header("Authorization", "Bearer " + token).header("Content-Type", type)
                    .method(method, java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
