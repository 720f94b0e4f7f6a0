package dev.pulsebridge.server.fhir;

import static dev.pulsebridge.server.fhir.FhirTestData.BODY_WEIGHT;
import static dev.pulsebridge.server.fhir.FhirTestData.HEART_RATE;
import static dev.pulsebridge.server.fhir.FhirTestData.IDENTIFIER_SYSTEM;
import static dev.pulsebridge.server.fhir.FhirTestData.LOINC;
import static dev.pulsebridge.server.fhir.FhirTestData.bodyWeight;
import static dev.pulsebridge.server.fhir.FhirTestData.byIdentifier;
import static dev.pulsebridge.server.fhir.FhirTestData.heartRate;
import static dev.pulsebridge.server.fhir.FhirTestData.patient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.gclient.TokenClientParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import dev.pulsebridge.server.support.ServerIntegrationTest;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hl7.fhir.r5.model.Bundle;
import org.hl7.fhir.r5.model.CapabilityStatement;
import org.hl7.fhir.r5.model.Enumerations;
import org.hl7.fhir.r5.model.IdType;
import org.hl7.fhir.r5.model.Observation;
import org.hl7.fhir.r5.model.Patient;
import org.hl7.fhir.r5.model.Quantity;
import org.junit.jupiter.api.Test;

class FhirRestIT extends ServerIntegrationTest {

    @Test
    void browserOpeningTheBaseUrlGetsAPageLinkingToTheCapabilityStatement() throws Exception {
        HttpURLConnection connection = (HttpURLConnection) new URL(fhirBase()).openConnection();
        connection.setRequestProperty("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");

        assertThat(connection.getResponseCode()).isEqualTo(200);
        assertThat(connection.getContentType()).startsWith("text/html");
        try (InputStream body = connection.getInputStream()) {
            assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8))
                    .contains("FHIR R5").contains("href=\"/fhir/metadata\"");
        }
    }

    @Test
    void fhirClientAtTheBaseUrlStillGetsAnOperationOutcome() throws Exception {
        HttpURLConnection connection = (HttpURLConnection) new URL(fhirBase()).openConnection();
        connection.setRequestProperty("Accept", "application/fhir+json");

        assertThat(connection.getResponseCode()).isEqualTo(400);
        try (InputStream body = connection.getErrorStream()) {
            assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).contains("OperationOutcome");
        }
    }

    @Test
    void metadataDeclaresFhirR5() {
        CapabilityStatement capabilities = fhirClient().capabilities().ofType(CapabilityStatement.class).execute();

        assertThat(capabilities.getFhirVersion()).isEqualTo(Enumerations.FHIRVersion._5_0_0);
        assertThat(capabilities.getRestFirstRep().getResource())
                .extracting(resource -> resource.getType())
                .contains("Patient", "Observation", "Device", "Subscription", "SubscriptionTopic");
    }

    @Test
    void onlyTheOperationsOfferedOnPurposeAreAdvertised() {
        CapabilityStatement capabilities = fhirClient().capabilities().ofType(CapabilityStatement.class).execute();

        List<String> advertised = new java.util.ArrayList<>();
        capabilities.getRestFirstRep().getOperation().forEach(operation -> advertised.add(operation.getName()));
        capabilities.getRestFirstRep().getResource().forEach(resource ->
                resource.getOperation().forEach(operation -> advertised.add(operation.getName())));
        assertThat(advertised).isNotEmpty().allSatisfy(name -> assertThat(OperationAllowList.OFFERED).contains(name))
                .contains("withings-connect", "everything", "expand", "translate", "lastn", "stats")
                .doesNotContain("perform-reindexing-pass", "mark-all-resources-for-reindexing", "expunge",
                        "hapi.fhir.merge", "hapi.fhir.replace-references", "meta-add");
    }

    @Test
    void administrativeOperationsAnswer403WithoutRunning() throws Exception {
        assertThat(post("/$perform-reindexing-pass")).isEqualTo(403);
        assertThat(post("/$mark-all-resources-for-reindexing")).isEqualTo(403);
        assertThat(get("/$get-resource-counts")).isEqualTo(403);
    }

    private int get(String path) throws Exception {
        HttpURLConnection connection = (HttpURLConnection) new URL(fhirBase() + path).openConnection();
        connection.setRequestProperty("Accept", "application/fhir+json");
        connection.setRequestProperty("Authorization", bearer());
        return connection.getResponseCode();
    }

    private int post(String path) throws Exception {
        HttpURLConnection connection = (HttpURLConnection) new URL(fhirBase() + path).openConnection();
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setRequestProperty("Content-Type", "application/fhir+json");
        connection.setRequestProperty("Accept", "application/fhir+json");
        connection.setRequestProperty("Authorization", bearer());
        connection.getOutputStream().write("{\"resourceType\":\"Parameters\"}".getBytes(StandardCharsets.UTF_8));
        return connection.getResponseCode();
    }

    @Test
    void observationSearchBySubjectCodeAndDateReturnsNewestFirst() {
        IGenericClient client = fhirClient();
        String subject = createPatient(client);
        client.create().resource(heartRate(subject, "2024-12-31T08:00:00+01:00", 50)).execute();
        client.create().resource(heartRate(subject, "2025-03-01T07:30:00+01:00", 61)).execute();
        client.create().resource(heartRate(subject, "2025-06-15T22:10:00+02:00", 72)).execute();
        client.create().resource(heartRate(subject, "2025-02-10T06:45:00+01:00", 58)).execute();
        client.create().resource(bodyWeight(subject, "2025-04-01T07:00:00+02:00", "71.3")).execute();

        Bundle result = client.search()
                .byUrl("Observation?subject=" + subject + "&code=" + LOINC + "%7C" + HEART_RATE
                        + "&date=ge2025-01-01&_sort=-date")
                .returnBundle(Bundle.class)
                .execute();

        assertThat(result.getEntry()).extracting(entry -> heartRateValue(entry.getResource()))
                .containsExactly(72, 61, 58);
    }

    @Test
    void tokenSearchAcceptsAnUnencodedPipe() throws Exception {
        IGenericClient client = fhirClient();
        String subject = createPatient(client);
        client.create().resource(bodyWeight(subject, "2025-05-05T07:00:00+02:00", "80.25")).execute();

        // java.net.URL sends the query as written, so the '|' reaches Tomcat raw, as curl would send it.
        URL url = new URL(fhirBase() + "/Observation?subject=" + subject + "&code=" + LOINC + "|" + BODY_WEIGHT);
        HttpURLConnection connection = (HttpURLConnection) url.openConnection();
        connection.setRequestProperty("Accept", "application/fhir+json");
        connection.setRequestProperty("Authorization", bearer());

        assertThat(connection.getResponseCode()).isEqualTo(200);
        try (InputStream body = connection.getInputStream()) {
            Bundle bundle = FHIR.newJsonParser().parseResource(Bundle.class,
                    new String(body.readAllBytes(), StandardCharsets.UTF_8));
            assertThat(bundle.getEntry()).hasSize(1);
            Observation weight = (Observation) bundle.getEntryFirstRep().getResource();
            assertThat(weight.getValueQuantity().getValue()).isEqualByComparingTo("80.25");
        }
    }

    @Test
    void readUpdateVreadAndHistoryTrackVersions() {
        IGenericClient client = fhirClient();
        String subject = createPatient(client);
        IdType created = (IdType) client.create()
                .resource(bodyWeight(subject, "2025-01-01T08:00:00Z", "70.0")).execute().getId();

        Observation stored = client.read().resource(Observation.class).withId(created.toUnqualifiedVersionless()).execute();
        stored.getValueQuantity().setValue(69.4);
        MethodOutcome updated = client.update().resource(stored).execute();

        assertThat(updated.getId().getVersionIdPart()).isEqualTo("2");
        Observation firstVersion = client.read().resource(Observation.class)
                .withIdAndVersion(created.getIdPart(), "1").execute();
        assertThat(firstVersion.getValueQuantity().getValue()).isEqualByComparingTo("70.0");
        Bundle history = client.history().onInstance(created.toUnqualifiedVersionless())
                .returnBundle(Bundle.class).execute();
        assertThat(history.getEntry()).hasSize(2);
        assertThat(((Observation) history.getEntryFirstRep().getResource()).getValueQuantity().getValue())
                .isEqualByComparingTo("69.4");
    }

    @Test
    void deletedResourceReadsAsGone() {
        IGenericClient client = fhirClient();
        String subject = createPatient(client);
        IdType id = (IdType) client.create()
                .resource(heartRate(subject, "2025-01-02T08:00:00Z", 64)).execute().getId();

        client.delete().resourceById(id.toUnqualifiedVersionless()).execute();

        assertThatThrownBy(() -> client.read().resource(Observation.class).withId(id.toUnqualifiedVersionless()).execute())
                .isInstanceOf(ResourceGoneException.class);
    }

    @Test
    void clientAssignedIdCreatesTheResourceUnderThatId() {
        IGenericClient client = fhirClient();
        String id = unique("pb-patient");
        Patient patient = patient(id);
        patient.setId(id);

        MethodOutcome outcome = client.update().resource(patient).execute();

        assertThat(outcome.getCreated()).isTrue();
        assertThat(client.read().resource(Patient.class).withId(id).execute().getIdentifierFirstRep().getValue())
                .isEqualTo(id);
    }

    @Test
    void conditionalCreateReturnsTheExistingResourceInsteadOfADuplicate() {
        IGenericClient client = fhirClient();
        String identifier = unique("mrn");
        String condition = byIdentifier("Patient", identifier);

        MethodOutcome first = client.create().resource(patient(identifier)).conditionalByUrl(condition).execute();
        MethodOutcome second = client.create().resource(patient(identifier)).conditionalByUrl(condition).execute();

        assertThat(first.getCreated()).isTrue();
        assertThat(second.getCreated()).isNotEqualTo(Boolean.TRUE);
        assertThat(second.getId().getIdPart()).isEqualTo(first.getId().getIdPart());
        assertThat(countPatients(client, identifier)).isEqualTo(1);
    }

    @Test
    void conditionalUpdateCreatesOnceThenUpdatesInPlace() {
        IGenericClient client = fhirClient();
        String identifier = unique("mrn");
        String condition = byIdentifier("Patient", identifier);

        MethodOutcome created = client.update().resource(patient(identifier)).conditionalByUrl(condition).execute();
        Patient renamed = patient(identifier);
        renamed.getNameFirstRep().setFamily("Okafor-Bell");
        MethodOutcome updated = client.update().resource(renamed).conditionalByUrl(condition).execute();

        assertThat(updated.getId().getIdPart()).isEqualTo(created.getId().getIdPart());
        assertThat(updated.getId().getVersionIdPart()).isEqualTo("2");
        assertThat(client.read().resource(Patient.class).withId(created.getId().getIdPart()).execute()
                .getNameFirstRep().getFamily()).isEqualTo("Okafor-Bell");
    }

    @Test
    void searchResultsPageThroughEveryMatch() {
        IGenericClient client = fhirClient();
        String subject = createPatient(client);
        for (int day = 1; day <= 5; day++) {
            client.create().resource(heartRate(subject, "2025-07-0" + day + "T08:00:00Z", 60 + day)).execute();
        }

        Bundle page = client.search().byUrl("Observation?subject=" + subject + "&_sort=date&_count=2")
                .returnBundle(Bundle.class).execute();
        List<Integer> seen = new java.util.ArrayList<>();
        int pages = 0;
        while (page != null) {
            pages++;
            page.getEntry().forEach(entry -> seen.add(heartRateValue(entry.getResource())));
            page = page.getLink(Bundle.LINK_NEXT) == null ? null : client.loadPage().next(page).execute();
        }

        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactly(61, 62, 63, 64, 65);
    }

    @Test
    void includeReturnsTheSubjectAlongsideItsObservations() {
        IGenericClient client = fhirClient();
        String subject = createPatient(client);
        client.create().resource(heartRate(subject, "2025-08-01T08:00:00Z", 66)).execute();

        Bundle result = client.search().byUrl("Observation?subject=" + subject + "&_include=Observation:subject")
                .returnBundle(Bundle.class).execute();

        assertThat(result.getEntry()).extracting(entry -> entry.getSearch().getMode().toCode())
                .containsExactlyInAnyOrder("match", "include");
        assertThat(result.getEntry()).extracting(entry -> entry.getResource().getIdElement().toUnqualifiedVersionless().getValue())
                .contains(subject);
    }

    private static String createPatient(IGenericClient client) {
        return client.create().resource(patient(unique("mrn"))).execute().getId().toUnqualifiedVersionless().getValue();
    }

    private static int countPatients(IGenericClient client, String identifier) {
        return client.search().forResource(Patient.class)
                .where(new TokenClientParam("identifier").exactly().systemAndCode(IDENTIFIER_SYSTEM, identifier))
                .returnBundle(Bundle.class).execute().getEntry().size();
    }

    private static int heartRateValue(org.hl7.fhir.r5.model.Resource resource) {
        Quantity quantity = ((Observation) resource).getValueQuantity();
        return quantity.getValue().intValueExact();
    }
}
