package dev.pulsebridge.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulsebridge.server.support.OAuthTokens;
import dev.pulsebridge.server.support.ServerIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.hl7.fhir.r5.model.AuditEvent;
import org.hl7.fhir.r5.model.Bundle;
import org.hl7.fhir.r5.model.Patient;
import org.junit.jupiter.api.Test;

/** Every FHIR request leaves an AuditEvent saying who did what to whose data, and how it ended. */
class AuditTrailIT extends ServerIntegrationTest {

    private final HttpClient http = HttpClient.newHttpClient();

    private String newPatient() {
        Patient patient = new Patient();
        patient.addName().setFamily("Audited");
        return fhirClient().create().resource(patient).execute().getId().getIdPart();
    }

    private List<AuditEvent> auditOf(String patientId, int atLeast) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            Bundle found = fhirClient().search().byUrl("AuditEvent?patient=" + AuditTrail.SUBJECT_BASE + "Patient/" + patientId)
                    .returnBundle(Bundle.class).execute();
            return found.getEntry().stream().map(entry -> (AuditEvent) entry.getResource()).toList();
        }, events -> events.size() >= atLeast);
    }

    private int get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(serverBase() + path)).header("Authorization", bearer()).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void aReadIsRecordedWithTheClientThePatientAndTheOutcome() throws Exception {
        String patient = newPatient();

        assertThat(get("/fhir/Patient/" + patient)).isEqualTo(200);

        AuditEvent read = auditOf(patient, 1).stream().filter(event -> event.getAction() == AuditEvent.AuditEventAction.R)
                .findFirst().orElseThrow();
        assertThat(read.getCode().getCodingFirstRep().getCode()).isEqualTo("read");
        assertThat(read.getOutcome().getCode().getCode()).isEqualTo("0");
        assertThat(read.getAgentFirstRep().getWho().getIdentifier().getValue()).isEqualTo(TEST_CLIENT);
        assertThat(read.getAgentFirstRep().getNetworkStringType().getValue()).isEqualTo("127.0.0.1");
        assertThat(read.getEntityFirstRep().getWhat().getReference()).isEqualTo(AuditTrail.SUBJECT_BASE + "Patient/" + patient);
    }

    @Test
    void aRefusedRequestIsRecordedAsAFailure() throws Exception {
        String patient = newPatient();

        String readOnly = OAuthTokens.clientCredentials(serverBase(), NARROW_CLIENT, NARROW_CLIENT_SECRET, "system/Patient.r")
                .path("access_token").asText();
        assertThat(http.send(HttpRequest.newBuilder(URI.create(fhirBase() + "/Patient/" + patient)).DELETE()
                .header("Authorization", "Bearer " + readOnly).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(403);

        AuditEvent refused = auditOf(patient, 1).stream()
                .filter(event -> !event.getOutcome().getCode().getCode().equals("0")).findFirst().orElseThrow();
        assertThat(refused.getOutcome().getCode().getCode()).isEqualTo("4");
        assertThat(refused.getOutcome().getDetailFirstRep().getText()).startsWith("403");
        assertThat(refused.getAction()).isEqualTo(AuditEvent.AuditEventAction.D);
        assertThat(refused.getAgentFirstRep().getWho().getIdentifier().getValue()).isEqualTo(NARROW_CLIENT);
    }

    @Test
    void anAuditedResourceCanStillBeDeletedAndItsRecordStays() throws Exception {
        String patient = newPatient();
        assertThat(get("/fhir/Patient/" + patient)).isEqualTo(200);
        auditOf(patient, 1);

        fhirClient().delete().resourceById("Patient", patient).execute();

        assertThat(auditOf(patient, 2)).anySatisfy(event -> assertThat(event.getAction()).isEqualTo(AuditEvent.AuditEventAction.D));
    }

    @Test
    void nobodyWritesTheAuditLogButTheServer() throws Exception {
        HttpResponse<String> forged = http.send(HttpRequest.newBuilder(URI.create(fhirBase() + "/AuditEvent"))
                .header("Authorization", bearer()).header("Content-Type", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"resourceType\":\"AuditEvent\"}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("written by the server only");
    }
}
