package dev.pulsebridge.server.withings;

import static dev.pulsebridge.server.support.RestHookSubscriptions.TOPIC_BASE;
import static dev.pulsebridge.server.support.RestHookSubscriptions.subscribeActive;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pulsebridge.server.subscription.SubscriptionDeliveryProbe;
import dev.pulsebridge.server.support.NotificationReceiver.Received;
import dev.pulsebridge.server.support.NotificationReceiver;
import dev.pulsebridge.server.support.WithingsIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r5.model.Coding;
import org.hl7.fhir.r5.model.Consent.ConsentState;
import org.hl7.fhir.r5.model.Consent;
import org.hl7.fhir.r5.model.Observation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * What an EHR sees: readings taken at Withings (the simulator) arrive as FHIR R5 topic notifications at
 * its rest-hook endpoint, and a patient's link changing state arrives on the connection topic.
 */
class WithingsSubscriptionIT extends WithingsIntegrationTest {

    private static final String VITAL_SIGNS = TOPIC_BASE + "withings-vital-signs";
    private static final String SLEEP = TOPIC_BASE + "withings-sleep";
    private static final String CONNECTION = TOPIC_BASE + "withings-connection";
    private static final String STATE_EXTENSION = "https://pulsebridge.dev/fhir/StructureDefinition/withings-connection-state";

    private final List<NotificationReceiver> receivers = new ArrayList<>();

    @Autowired
    private ApplicationContext context;

    @AfterEach
    void closeReceivers() {
        receivers.forEach(NotificationReceiver::close);
    }

    @Test
    void aBloodPressureReadingAtWithingsReachesExactlyTheSubscriptionsThatAskedForIt() {
        long user = simulator.createUser();
        String patient = newPatient();
        String otherPatient = newPatient();
        link(patient, user);
        NotificationReceiver bloodPressure = receiver();
        NotificationReceiver weight = receiver();
        NotificationReceiver sleep = receiver();
        NotificationReceiver otherPatientsVitals = receiver();
        String bloodPressureId = subscribeActive(fhirClient(), VITAL_SIGNS, bloodPressure.url(), "full-resource",
                "patient", "Patient/" + patient, "code", "http://loinc.org|85354-9");
        String weightId = subscribeActive(fhirClient(), VITAL_SIGNS, weight.url(), "id-only",
                "patient", "Patient/" + patient, "code", "http://loinc.org|29463-7");
        String sleepId = subscribeActive(fhirClient(), SLEEP, sleep.url(), "id-only", "patient", "Patient/" + patient);
        String otherPatientsId = subscribeActive(fhirClient(), VITAL_SIGNS, otherPatientsVitals.url(), "id-only",
                "patient", "Patient/" + otherPatient);

        Instant added = Instant.now();
        simulator.addMeasureGroups(user, "[" + bloodPressureReading(8_000_000_000L + user, added.getEpochSecond() - 30) + "]");

        Received notification = bloodPressure.await(Duration.ofSeconds(20), r -> !events(r).isEmpty()).stream()
                .filter(r -> !events(List.of(r)).isEmpty()).findFirst().orElseThrow();
        System.out.printf("Reading added at Withings to notification received: %d ms%n",
                Duration.between(added, Instant.now()).toMillis());
        Observation sent = (Observation) notification.bundle().getEntry().get(1).getResource();
        assertThat(sent.getSubject().getReference()).isEqualTo("Patient/" + patient);
        assertThat(sent.getComponent()).extracting(c -> c.getValueQuantity().getValue().intValue())
                .containsExactlyInAnyOrder(128, 84);
        assertThat(notification.status().getNotificationEventFirstRep().getFocus().getReference())
                .endsWith("Observation/" + sent.getIdElement().getIdPart());

        new SubscriptionDeliveryProbe(context).awaitDelivered(Duration.ofSeconds(20), bloodPressureId, weightId, sleepId,
                otherPatientsId);
        assertThat(bloodPressure.events()).hasSize(1);
        assertThat(weight.events()).isEmpty();
        assertThat(sleep.events()).isEmpty();
        assertThat(otherPatientsVitals.events()).isEmpty();
    }

    @Test
    void theConnectionTopicTellsWhenAPatientsDataStartsAndStopsFlowing() {
        long user = simulator.createUser();
        String patient = newPatient();
        NotificationReceiver receiver = receiver();
        subscribeActive(fhirClient(), CONNECTION, receiver.url(), "full-resource", "patient", "Patient/" + patient);

        link(patient, user);
        Consent connected = consents(receiver.await(Duration.ofSeconds(15), r -> consents(r).size() == 1)).get(0);
        assertThat(connected.getStatus()).isEqualTo(ConsentState.ACTIVE);
        assertThat(state(connected)).isEqualTo("connected");

        operation(patient, "$withings-disconnect");
        Consent revoked = consents(receiver.await(Duration.ofSeconds(15), r -> consents(r).size() == 2)).get(1);
        assertThat(revoked.getStatus()).isEqualTo(ConsentState.INACTIVE);
        assertThat(state(revoked)).isEqualTo("revoked");
        assertThat(revoked.getPeriod().hasEnd()).isTrue();
    }

    private NotificationReceiver receiver() {
        NotificationReceiver receiver = new NotificationReceiver();
        receivers.add(receiver);
        return receiver;
    }

    private static List<Received> events(List<Received> received) {
        return received.stream().filter(r -> r.type().toCode().equals("event-notification")).toList();
    }

    private static List<Consent> consents(List<Received> received) {
        return events(received).stream()
                .flatMap(r -> r.bundle().getEntry().stream().skip(1))
                .map(entry -> (Consent) entry.getResource())
                .toList();
    }

    private static String state(Consent consent) {
        return ((Coding) consent.getExtensionByUrl(STATE_EXTENSION).getValue()).getCode();
    }

    private static String bloodPressureReading(long grpid, long at) {
        return """
                {"grpid": %d, "attrib": 0, "date": %d, "created": %d, "modified": %d, "category": 1,
                 "deviceid": null, "hash_deviceid": null, "model": null, "modelid": null,
                 "measures": [{"value": 128, "type": 10, "unit": 0, "algo": 0, "fm": 3},
                              {"value": 84, "type": 9, "unit": 0, "algo": 0, "fm": 3}]}"""
                .formatted(grpid, at, at, at);
    }

}
