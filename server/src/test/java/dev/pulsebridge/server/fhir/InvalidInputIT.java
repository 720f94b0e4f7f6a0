package dev.pulsebridge.server.fhir;

import static dev.pulsebridge.server.fhir.FhirTestData.IDENTIFIER_SYSTEM;
import static dev.pulsebridge.server.fhir.FhirTestData.byIdentifier;
import static dev.pulsebridge.server.fhir.FhirTestData.heartRate;
import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import dev.pulsebridge.server.support.ServerIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.hl7.fhir.r5.model.Bundle;
import org.hl7.fhir.r5.model.Observation;
import org.hl7.fhir.r5.model.OperationOutcome;
import org.junit.jupiter.api.Test;

/** Bad input is refused with an OperationOutcome and leaves nothing behind. */
class InvalidInputIT extends ServerIntegrationTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void observationWithoutRequiredStatusIsRefusedAndNotStored() throws Exception {
        String subject = fhirClient().create().resource(FhirTestData.patient(unique("mrn"))).execute()
                .getId().toUnqualifiedVersionless().getValue();
        String marker = unique("invalid");
        Observation invalid = heartRate(subject, "2025-10-01T08:00:00Z", 70);
        invalid.setStatus(null);
        invalid.addIdentifier().setSystem(IDENTIFIER_SYSTEM).setValue(marker);

        HttpResponse<String> response = post("Observation", FHIR.newJsonParser().encodeResourceToString(invalid));

        assertThat(response.statusCode()).isEqualTo(422);
        OperationOutcome outcome = FHIR.newJsonParser().parseResource(OperationOutcome.class, response.body());
        assertThat(outcome.getIssue()).anySatisfy(issue -> {
            assertThat(issue.getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
            assertThat(issue.getDiagnostics()).contains("Observation.status");
        });
        assertThat(observationsWithIdentifier(marker)).isZero();
    }

    @Test
    void malformedJsonIsRefusedWithAnOperationOutcome() throws Exception {
        HttpResponse<String> response = post("Observation", "{\"resourceType\":\"Observation\",\"status\":");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(FHIR.newJsonParser().parseResource(OperationOutcome.class, response.body()).getIssueFirstRep()
                .getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
    }

    @Test
    void referenceToAMissingPatientIsRefusedAndNotStored() throws Exception {
        String marker = unique("dangling");
        Observation dangling = heartRate("Patient/" + unique("nobody"), "2025-10-02T08:00:00Z", 71);
        dangling.addIdentifier().setSystem(IDENTIFIER_SYSTEM).setValue(marker);

        HttpResponse<String> response = post("Observation", FHIR.newJsonParser().encodeResourceToString(dangling));

        assertThat(response.statusCode()).isBetween(400, 422);
        assertThat(FHIR.newJsonParser().parseResource(OperationOutcome.class, response.body()).getIssueFirstRep()
                .getDiagnostics()).contains("Patient/");
        assertThat(observationsWithIdentifier(marker)).isZero();
    }

    @Test
    void transactionWithOneInvalidEntryStoresNoneOfIt() throws Exception {
        String marker = unique("atomic");
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        Observation dangling = heartRate("Patient/" + unique("nobody"), "2025-10-03T08:00:00Z", 72);
        dangling.addIdentifier().setSystem(IDENTIFIER_SYSTEM).setValue(marker);
        bundle.addEntry().setFullUrl("urn:uuid:" + java.util.UUID.randomUUID()).setResource(FhirTestData.patient(marker)).getRequest()
                .setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
        bundle.addEntry().setFullUrl("urn:uuid:" + java.util.UUID.randomUUID()).setResource(dangling).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");

        HttpResponse<String> response = post("", FHIR.newJsonParser().encodeResourceToString(bundle));

        assertThat(response.statusCode()).isBetween(400, 422);
        assertThat(response.body()).contains("Patient/");
        IGenericClient client = fhirClient();
        Bundle patients = client.search().byUrl(byIdentifier("Patient", marker))
                .returnBundle(Bundle.class).execute();
        assertThat(patients.getEntry()).isEmpty();
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(fhirBase() + "/" + path))
                .header("Content-Type", "application/fhir+json")
                .header("Accept", "application/fhir+json")
                .header("Authorization", bearer())
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private int observationsWithIdentifier(String marker) {
        return fhirClient().search().byUrl(byIdentifier("Observation", marker))
                .returnBundle(Bundle.class).execute().getEntry().size();
    }
}
