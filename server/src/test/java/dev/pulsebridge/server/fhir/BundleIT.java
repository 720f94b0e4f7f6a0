package dev.pulsebridge.server.fhir;

import static dev.pulsebridge.server.fhir.FhirTestData.IDENTIFIER_SYSTEM;
import static dev.pulsebridge.server.fhir.FhirTestData.byIdentifier;
import static dev.pulsebridge.server.fhir.FhirTestData.heartRate;
import static dev.pulsebridge.server.fhir.FhirTestData.patient;
import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import dev.pulsebridge.server.support.ServerIntegrationTest;
import java.util.List;
import org.hl7.fhir.r5.model.Bundle;
import org.hl7.fhir.r5.model.Observation;
import org.hl7.fhir.r5.model.Patient;
import org.junit.jupiter.api.Test;

class BundleIT extends ServerIntegrationTest {

    @Test
    void replayedTransactionWithConditionalCreatesChangesNothing() {
        IGenericClient client = fhirClient();
        String identifier = unique("mrn");
        String observationIdentifier = unique("withings-grp");

        Bundle first = client.transaction().withBundle(patientWithObservation(identifier, observationIdentifier)).execute();
        Bundle replay = client.transaction().withBundle(patientWithObservation(identifier, observationIdentifier)).execute();

        assertThat(statuses(first)).containsExactly("201 Created", "201 Created");
        assertThat(statuses(replay)).containsExactly("200 OK", "200 OK");
        assertThat(locations(replay)).isEqualTo(locations(first));
        Bundle patients = client.search().byUrl(byIdentifier("Patient", identifier))
                .returnBundle(Bundle.class).execute();
        assertThat(patients.getEntry()).hasSize(1);
        Bundle observations = client.search()
                .byUrl(byIdentifier("Observation", observationIdentifier))
                .returnBundle(Bundle.class).execute();
        assertThat(observations.getEntry()).hasSize(1);
        Observation stored = (Observation) observations.getEntryFirstRep().getResource();
        assertThat(stored.getSubject().getReference()).isEqualTo(locations(first).get(0));
    }

    @Test
    void batchEntriesSucceedOrFailIndependently() {
        IGenericClient client = fhirClient();
        Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
        batch.addEntry().setFullUrl("urn:uuid:" + java.util.UUID.randomUUID()).setResource(patient(unique("mrn")))
                .getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
        batch.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("Patient/does-not-exist-" + unique("x"));

        Bundle response = client.transaction().withBundle(batch).execute();

        assertThat(response.getEntry().get(0).getResponse().getStatus()).startsWith("201");
        assertThat(response.getEntry().get(1).getResponse().getStatus()).startsWith("404");
    }

    /** A Patient created if absent (by identifier) and an Observation of it created if absent. */
    private static Bundle patientWithObservation(String identifier, String observationIdentifier) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        String patientRef = "urn:uuid:0b9d5a0e-7b2f-4d2a-9a57-" + "000000000001";
        Patient patient = patient(identifier);
        bundle.addEntry().setFullUrl(patientRef).setResource(patient).getRequest()
                .setMethod(Bundle.HTTPVerb.POST).setUrl("Patient")
                .setIfNoneExist(byIdentifier("Patient", identifier));
        Observation observation = heartRate(patientRef, "2025-09-01T07:00:00+02:00", 59);
        observation.addIdentifier().setSystem(IDENTIFIER_SYSTEM).setValue(observationIdentifier);
        bundle.addEntry().setFullUrl("urn:uuid:" + java.util.UUID.randomUUID()).setResource(observation).getRequest()
                .setMethod(Bundle.HTTPVerb.POST).setUrl("Observation")
                .setIfNoneExist(byIdentifier("Observation", observationIdentifier));
        return bundle;
    }

    private static List<String> statuses(Bundle response) {
        return response.getEntry().stream().map(entry -> entry.getResponse().getStatus()).toList();
    }

    private static List<String> locations(Bundle response) {
        return response.getEntry().stream()
                .map(entry -> new org.hl7.fhir.r5.model.IdType(entry.getResponse().getLocation())
                        .toUnqualifiedVersionless().getValue())
                .toList();
    }
}
