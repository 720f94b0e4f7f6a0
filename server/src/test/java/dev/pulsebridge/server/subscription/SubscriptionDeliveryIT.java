package dev.pulsebridge.server.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import dev.pulsebridge.server.support.NotificationReceiver.Received;
import dev.pulsebridge.server.support.NotificationReceiver;
import dev.pulsebridge.server.support.RestHookSubscriptions;
import dev.pulsebridge.server.support.ServerIntegrationTest;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r5.model.Bundle;
import org.hl7.fhir.r5.model.CapabilityStatement;
import org.hl7.fhir.r5.model.CodeableConcept;
import org.hl7.fhir.r5.model.Coding;
import org.hl7.fhir.r5.model.Enumerations.SubscriptionStatusCodes;
import org.hl7.fhir.r5.model.Enumerations;
import org.hl7.fhir.r5.model.HumanName;
import org.hl7.fhir.r5.model.IdType;
import org.hl7.fhir.r5.model.Observation;
import org.hl7.fhir.r5.model.Parameters;
import org.hl7.fhir.r5.model.Patient;
import org.hl7.fhir.r5.model.Quantity;
import org.hl7.fhir.r5.model.Reference;
import org.hl7.fhir.r5.model.StringType;
import org.hl7.fhir.r5.model.Subscription;
import org.hl7.fhir.r5.model.SubscriptionStatus.SubscriptionNotificationType;
import org.hl7.fhir.r5.model.SubscriptionStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * Topic-based subscriptions delivered to a real HTTP receiver: handshake, matching by topic and filter,
 * content shapes, headers, ordering, retries while the receiver is down, replay with $events.
 */
class SubscriptionDeliveryIT extends ServerIntegrationTest {

    static final String TOPIC_BASE = RestHookSubscriptions.TOPIC_BASE;
    static final String VITAL_SIGNS = TOPIC_BASE + "withings-vital-signs";
    static final String BODY_COMPOSITION = TOPIC_BASE + "withings-body-composition";
    static final String FAMILY = "https://pulsebridge.dev/fhir/CodeSystem/observation-family";
    private static final Duration PROMPTLY = Duration.ofSeconds(15);

    private final List<NotificationReceiver> receivers = new ArrayList<>();

    @Autowired
    private SubscriptionDeliverers deliverers;
    @Autowired
    private DeliveryStore states;
    @Autowired
    private SubscriptionHeaderSeal headerSeal;
    @Autowired
    private ca.uhn.fhir.jpa.api.dao.DaoRegistry daos;
    @Autowired
    private ApplicationContext context;
    @Autowired
    private SubscriptionRegistry registry;
    @Autowired
    private RestHookChannel restHook;
    @Autowired
    private WebsocketSessions websockets;
    @Autowired
    private ca.uhn.fhir.context.FhirContext fhirContext;
    @Autowired
    private SubscriptionStatusUpdates statusUpdates;
    @Autowired
    private DeliverySignal signal;
    @Autowired
    private FocusResources focus;
    @Autowired
    private SubscriptionProperties properties;
    @Autowired
    private io.micrometer.core.instrument.MeterRegistry meters;

    @AfterEach
    void closeReceivers() {
        receivers.forEach(NotificationReceiver::close);
        if (!deliverers.isRunning()) {
            deliverers.start();
        }
    }

    @Test
    void aNewSubscriptionIsActivatedByAHandshake() {
        NotificationReceiver receiver = receiver();
        String id = subscribe(VITAL_SIGNS, receiver, "full-resource", "patient", "Patient/" + newPatient());

        List<Received> received = receiver.await(PROMPTLY, r -> !r.isEmpty());
        assertThat(received.get(0).type()).isEqualTo(SubscriptionNotificationType.HANDSHAKE);
        assertThat(received.get(0).status().getSubscription().getReference()).endsWith("Subscription/" + id);
        awaitStatus(id, SubscriptionStatusCodes.ACTIVE);
    }

    @Test
    void aMatchingObservationIsNotifiedOnceWithTheResourceAndTheSubscribersHeaders() {
        String patient = newPatient();
        NotificationReceiver receiver = receiver();
        String id = subscribe(VITAL_SIGNS, receiver, "full-resource", "patient", "Patient/" + patient,
                "Authorization", "Bearer ehr-secret-token");
        awaitStatus(id, SubscriptionStatusCodes.ACTIVE);

        String observationId = create(vitalSign(patient, "8867-4", 61));

        Received event = receiver.await(PROMPTLY, r -> !eventsOf(r).isEmpty()).stream()
                .filter(r -> r.type() == SubscriptionNotificationType.EVENTNOTIFICATION).findFirst().orElseThrow();
        assertThat(event.header("Authorization")).isEqualTo("Bearer ehr-secret-token");
        SubscriptionStatus status = event.status();
        assertThat(status.getNotificationEventFirstRep().getEventNumber()).isEqualTo(1);
        assertThat(status.getNotificationEventFirstRep().getFocus().getReference()).endsWith("Observation/" + observationId);
        assertThat(status.getTopic()).isEqualTo(VITAL_SIGNS);
        assertThat(event.bundle().getType()).isEqualTo(Bundle.BundleType.SUBSCRIPTIONNOTIFICATION);
        Observation sent = (Observation) event.bundle().getEntry().get(1).getResource();
        assertThat(sent.getValueQuantity().getValue()).isEqualByComparingTo("61");
        probe().awaitDelivered(PROMPTLY, id);
        assertThat(receiver.events()).as("a 200 with a non-FHIR body counts as delivered: no re-send").hasSize(1);
    }

    @Test
    void contentShapesGiveNothingTheIdOrTheResource() {
        String patient = newPatient();
        NotificationReceiver empty = receiver();
        NotificationReceiver idOnly = receiver();
        subscribeActive(VITAL_SIGNS, empty, "empty", "patient", "Patient/" + patient);
        subscribeActive(VITAL_SIGNS, idOnly, "id-only", "patient", "Patient/" + patient);

        String observationId = create(vitalSign(patient, "8867-4", 70));

        Received nothing = empty.await(PROMPTLY, r -> !eventsOf(r).isEmpty()).get(1);
        assertThat(nothing.bundle().getEntry()).hasSize(1);
        assertThat(nothing.status().getNotificationEventFirstRep().hasFocus()).isFalse();
        Received ids = idOnly.await(PROMPTLY, r -> !eventsOf(r).isEmpty()).get(1);
        assertThat(ids.bundle().getEntry()).hasSize(2);
        assertThat(ids.bundle().getEntry().get(1).getFullUrl()).endsWith("/fhir/Observation/" + observationId);
        assertThat(ids.bundle().getEntry().get(1).hasResource()).isFalse();
    }

    @Test
    void filtersByPatientAndCodeAndTopicKeepOtherChangesAway() {
        String patient = newPatient();
        String otherPatient = newPatient();
        NotificationReceiver heartRate = receiver();
        NotificationReceiver anyVital = receiver();
        NotificationReceiver otherPatientsVitals = receiver();
        NotificationReceiver bodyComposition = receiver();
        String heartRateId = subscribeActive(VITAL_SIGNS, heartRate, "id-only", "patient", "Patient/" + patient, "code",
                "http://loinc.org|8867-4");
        String anyVitalId = subscribeActive(VITAL_SIGNS, anyVital, "id-only", "patient", "Patient/" + patient);
        String otherPatientsId = subscribeActive(VITAL_SIGNS, otherPatientsVitals, "id-only", "patient",
                "Patient/" + otherPatient);
        String bodyCompositionId = subscribeActive(BODY_COMPOSITION, bodyComposition, "id-only", "patient",
                "Patient/" + patient);

        String pulse = create(vitalSign(patient, "8867-4", 58));
        String temperature = create(vitalSign(patient, "8310-5", 37));

        anyVital.await(PROMPTLY, r -> eventsOf(r).size() == 2);
        heartRate.await(PROMPTLY, r -> !eventsOf(r).isEmpty());
        probe().awaitDelivered(PROMPTLY, heartRateId, anyVitalId, otherPatientsId, bodyCompositionId);
        assertThat(focusIds(anyVital)).containsExactly(pulse, temperature);
        assertThat(focusIds(heartRate)).containsExactly(pulse);
        assertThat(otherPatientsVitals.events()).isEmpty();
        assertThat(bodyComposition.events()).isEmpty();
    }

    @Test
    void aReceiverThatWasDownGetsEverythingInOrderWhenItIsBack() {
        String patient = newPatient();
        NotificationReceiver receiver = receiver();
        String id = subscribeActive(VITAL_SIGNS, receiver, "id-only", "patient", "Patient/" + patient);
        receiver.answer(503);

        List<String> written = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            written.add(create(vitalSign(patient, "8867-4", 60 + i)));
        }
        probe().awaitFailedAttempts(PROMPTLY, id, 2);
        receiver.answer(200);

        receiver.await(PROMPTLY, r -> eventsOf(r).size() == 5);
        assertThat(receiver.events()).extracting(r -> r.status().getNotificationEventFirstRep().getEventNumber())
                .containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(focusIds(receiver)).containsExactlyElementsOf(written);
    }

    @Test
    void eventsReplaysTheRequestedRangeAndStatusCountsEvents() {
        String patient = newPatient();
        NotificationReceiver receiver = receiver();
        String id = subscribeActive(VITAL_SIGNS, receiver, "id-only", "patient", "Patient/" + patient);
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            written.add(create(vitalSign(patient, "8867-4", 80 + i)));
        }
        receiver.await(PROMPTLY, r -> eventsOf(r).size() == 4);

        Bundle replay = fhirClient().operation().onInstance("Subscription/" + id).named("$events")
                .withParameter(Parameters.class, "eventsSinceNumber", new StringType("2"))
                .andParameter("eventsUntilNumber", new StringType("3"))
                .returnResourceType(Bundle.class).useHttpGet().execute();
        SubscriptionStatus replayed = (SubscriptionStatus) replay.getEntryFirstRep().getResource();
        assertThat(replayed.getType()).isEqualTo(SubscriptionNotificationType.QUERYEVENT);
        assertThat(replayed.getNotificationEvent()).extracting(SubscriptionStatus.SubscriptionStatusNotificationEventComponent::getEventNumber)
                .containsExactly(2L, 3L);
        assertThat(replay.getEntry().subList(1, 3)).extracting(e -> idPart(e.getFullUrl()))
                .containsExactly(written.get(1), written.get(2));

        Bundle status = fhirClient().operation().onInstance("Subscription/" + id).named("$status")
                .withNoParameters(Parameters.class).returnResourceType(Bundle.class).useHttpGet().execute();
        SubscriptionStatus current = (SubscriptionStatus) status.getEntryFirstRep().getResource();
        assertThat(current.getType()).isEqualTo(SubscriptionNotificationType.QUERYSTATUS);
        assertThat(current.getStatus()).isEqualTo(SubscriptionStatusCodes.ACTIVE);
        assertThat(current.getEventsSinceSubscriptionStart()).isEqualTo(4);
    }

    @Test
    void aReceiverThatStaysDownPastTheRetryPeriodTurnsTheSubscriptionToError() {
        String patient = newPatient();
        NotificationReceiver receiver = receiver();
        String id = subscribeActive(VITAL_SIGNS, receiver, "id-only", "patient", "Patient/" + patient);
        receiver.answer(500);

        create(vitalSign(patient, "8867-4", 90));

        RestHookSubscriptions.awaitStatus(fhirClient(), id, SubscriptionStatusCodes.ERROR, Duration.ofSeconds(20));
        SubscriptionStatus status = (SubscriptionStatus) fhirClient().operation().onInstance("Subscription/" + id)
                .named("$status").withNoParameters(Parameters.class).returnResourceType(Bundle.class).useHttpGet()
                .execute().getEntryFirstRep().getResource();
        assertThat(status.getStatus()).isEqualTo(SubscriptionStatusCodes.ERROR);
        assertThat(status.getErrorFirstRep().getText()).contains("HTTP 500");
        assertThat(status.getEventsSinceSubscriptionStart()).isEqualTo(1);
    }

    @Test
    void aSubscriptionPastItsEndIsTurnedOffAndCollectsNothingMore() {
        String patient = newPatient();
        NotificationReceiver receiver = receiver();
        Subscription subscription = subscription(VITAL_SIGNS, receiver.url(), "id-only");
        subscription.addFilterBy().setFilterParameter("patient").setValue("Patient/" + patient);
        subscription.setEnd(Date.from(java.time.Instant.now().plusSeconds(4)));
        String id = fhirClient().create().resource(subscription).execute().getId().getIdPart();
        awaitStatus(id, SubscriptionStatusCodes.ACTIVE);
        create(vitalSign(patient, "8867-4", 64));
        receiver.await(PROMPTLY, r -> eventsOf(r).size() == 1);

        RestHookSubscriptions.awaitStatus(fhirClient(), id, SubscriptionStatusCodes.OFF, Duration.ofSeconds(20));
        create(vitalSign(patient, "8867-4", 65));

        SubscriptionStatus status = (SubscriptionStatus) fhirClient().operation().onInstance("Subscription/" + id)
                .named("$status").withNoParameters(Parameters.class).returnResourceType(Bundle.class).useHttpGet()
                .execute().getEntryFirstRep().getResource();
        assertThat(status.getStatus()).isEqualTo(SubscriptionStatusCodes.OFF);
        assertThat(status.getEventsSinceSubscriptionStart()).as("nothing collected after the end").isEqualTo(1);
        assertThat(receiver.events()).hasSize(1);
    }

    @Test
    void anIdleActiveSubscriptionGetsHeartbeats() {
        NotificationReceiver receiver = receiver();
        Subscription subscription = subscription(VITAL_SIGNS, receiver.url(), "id-only");
        subscription.setHeartbeatPeriod(1);
        subscription.addFilterBy().setFilterParameter("patient").setValue("Patient/" + newPatient());
        fhirClient().create().resource(subscription).execute();

        List<Received> received = receiver.await(PROMPTLY, r -> r.stream()
                .filter(n -> n.type() == SubscriptionNotificationType.HEARTBEAT).count() >= 2);
        assertThat(received.get(0).type()).isEqualTo(SubscriptionNotificationType.HANDSHAKE);
    }

    @Test
    void twoInstancesDeliverEachEventOnceAndInOrder() {
        SubscriptionDeliverers secondInstance = new SubscriptionDeliverers(states, registry, restHook, websockets,
                fhirContext, statusUpdates, signal, focus, properties, meters, java.time.Clock.systemUTC());
        secondInstance.start();
        try {
            String patient = newPatient();
            NotificationReceiver receiver = receiver();
            String id = subscribeActive(VITAL_SIGNS, receiver, "id-only", "patient", "Patient/" + patient);
            List<String> written = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                written.add(create(vitalSign(patient, "8867-4", 50 + i)));
            }

            receiver.await(Duration.ofSeconds(30), r -> eventsOf(r).size() >= 30);
            probe().awaitDelivered(PROMPTLY, id);
            assertThat(focusIds(receiver)).containsExactlyElementsOf(written);
            assertThat(receiver.events()).extracting(r -> r.status().getNotificationEventFirstRep().getEventNumber())
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 30).boxed().toList());
        } finally {
            secondInstance.stop();
        }
    }

    @Test
    void eventsStoredWhileDeliveryIsStoppedAreDeliveredWhenItStartsAgain() {
        String patient = newPatient();
        NotificationReceiver receiver = receiver();
        subscribeActive(VITAL_SIGNS, receiver, "id-only", "patient", "Patient/" + patient);
        deliverers.stop();

        String first = create(vitalSign(patient, "8867-4", 66));
        String second = create(vitalSign(patient, "8867-4", 67));
        // stop() returned after the delivery threads ended, so nothing can send these until start()
        assertThat(receiver.events()).isEmpty();
        deliverers.start();

        receiver.await(PROMPTLY, r -> eventsOf(r).size() == 2);
        assertThat(focusIds(receiver)).containsExactly(first, second);
    }

    @Test
    void aSubscriptionPulsebridgeCannotServeIsRefusedWithTheReason() {
        Subscription unknownTopic = subscription(TOPIC_BASE + "no-such-topic", "http://127.0.0.1:9/x", "id-only");
        assertThatThrownBy(() -> fhirClient().create().resource(unknownTopic).execute())
                .isInstanceOf(UnprocessableEntityException.class)
                .hasMessageContaining("Unknown SubscriptionTopic");

        Subscription byValue = subscription(VITAL_SIGNS, "http://127.0.0.1:9/x", "id-only");
        byValue.addFilterBy().setFilterParameter("value-quantity").setValue("gt100");
        assertThatThrownBy(() -> fhirClient().create().resource(byValue).execute())
                .isInstanceOf(UnprocessableEntityException.class)
                .hasMessageContaining("cannot filter by 'value-quantity'");

        Subscription email = subscription(VITAL_SIGNS, "mailto:someone@example.org", "id-only");
        email.getChannelType().setCode("email");
        assertThatThrownBy(() -> fhirClient().create().resource(email).execute())
                .isInstanceOf(UnprocessableEntityException.class)
                .hasMessageContaining("not supported");
    }

    @Test
    void subscriberHeadersAreStoredSealedAndReadBackMasked() {
        NotificationReceiver receiver = receiver();
        String id = subscribe(VITAL_SIGNS, receiver, "id-only", "patient", "Patient/" + newPatient(),
                "Authorization", "Bearer sealed-secret");
        awaitStatus(id, SubscriptionStatusCodes.ACTIVE);

        Subscription shown = fhirClient().read().resource(Subscription.class).withId(id).execute();
        assertThat(shown.getParameterFirstRep().getValue()).isEqualTo(SubscriptionHeaderSeal.MASK);
        Subscription stored = daos.getResourceDao(Subscription.class).read(new IdType("Subscription", id),
                new SystemRequestDetails());
        assertThat(stored.getParameterFirstRep().getValue()).startsWith("sealed:").doesNotContain("sealed-secret");

        shown.setHeartbeatPeriod(3600);
        fhirClient().update().resource(shown).execute();
        Subscription rewritten = daos.getResourceDao(Subscription.class).read(new IdType("Subscription", id),
                new SystemRequestDetails());
        assertThat(headerSeal.open("Authorization", rewritten.getParameterFirstRep().getValue()))
                .as("writing the mask back keeps the stored value").isEqualTo("Bearer sealed-secret");
    }

    @Test
    void restHooksMayNotReachIntoTheServersOwnNetwork() {
        for (String endpoint : List.of("http://localhost:9/x", "https://127.0.0.1/x", "https://169.254.169.254/latest",
                "https://10.0.0.7/hook")) {
            Subscription internal = subscription(VITAL_SIGNS, endpoint, "id-only");
            assertThatThrownBy(() -> fhirClient().create().resource(internal).execute()).as(endpoint)
                    .isInstanceOf(UnprocessableEntityException.class)
                    .hasMessageContaining("Subscription.endpoint");
        }
    }

    @Test
    void aWebsocketClientBoundWithATokenReceivesItsNotifications() throws Exception {
        String patient = newPatient();
        Subscription subscription = subscription(VITAL_SIGNS, null, "id-only");
        subscription.getChannelType().setCode("websocket");
        subscription.addFilterBy().setFilterParameter("patient").setValue("Patient/" + patient);
        String id = fhirClient().create().resource(subscription).execute().getId().getIdPart();
        Parameters binding = fhirClient().operation().onInstance("Subscription/" + id).named("$get-ws-binding-token")
                .withNoParameters(Parameters.class).useHttpGet().execute();
        String url = binding.getParameterValue("websocket-url").primitiveValue();
        assertThat(url).isEqualTo("ws://localhost:" + port + "/websocket");

        java.util.concurrent.BlockingQueue<String> messages = new java.util.concurrent.LinkedBlockingQueue<>();
        java.net.http.WebSocket socket = java.net.http.HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(java.net.URI.create(url), new java.net.http.WebSocket.Listener() {
                    private final StringBuilder partial = new StringBuilder();

                    @Override
                    public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket ws, CharSequence data,
                            boolean last) {
                        partial.append(data);
                        if (last) {
                            messages.add(partial.toString());
                            partial.setLength(0);
                        }
                        ws.request(1);
                        return null;
                    }
                }).get(10, java.util.concurrent.TimeUnit.SECONDS);
        try {
            socket.sendText("bind-with-token " + binding.getParameterValue("token").primitiveValue(), true);
            assertThat(notification(messages).getType()).isEqualTo(SubscriptionNotificationType.HANDSHAKE);
            awaitStatus(id, SubscriptionStatusCodes.ACTIVE);

            String observationId = create(vitalSign(patient, "8867-4", 72));

            SubscriptionStatus event = notification(messages, () -> probe().describe(id));
            assertThat(event.getType()).isEqualTo(SubscriptionNotificationType.EVENTNOTIFICATION);
            assertThat(event.getNotificationEventFirstRep().getEventNumber()).isEqualTo(1);
            assertThat(event.getNotificationEventFirstRep().getFocus().getReference()).endsWith("Observation/" + observationId);
        } finally {
            socket.abort();
        }
    }

    private static SubscriptionStatus notification(java.util.concurrent.BlockingQueue<String> messages)
            throws InterruptedException {
        return notification(messages, () -> "");
    }

    /** @param server what the server holds meanwhile, told when nothing came */
    private static SubscriptionStatus notification(java.util.concurrent.BlockingQueue<String> messages,
            java.util.function.Supplier<String> server) throws InterruptedException {
        String message = messages.poll(15, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(message).as(() -> "a websocket message within 15 s " + server.get()).isNotNull();
        Bundle bundle = FHIR.newJsonParser().parseResource(Bundle.class, message);
        return (SubscriptionStatus) bundle.getEntryFirstRep().getResource();
    }

    @Test
    void capabilityStatementListsTheTopics() {
        CapabilityStatement metadata = fhirClient().capabilities().ofType(CapabilityStatement.class).execute();
        List<String> topics = metadata.getRestFirstRep().getResource().stream()
                .filter(r -> r.getType().equals("Subscription"))
                .flatMap(r -> r.getExtensionsByUrl(TopicCapabilities.TOPIC_EXTENSION).stream())
                .map(e -> e.getValue().primitiveValue())
                .toList();
        assertThat(topics).contains(VITAL_SIGNS, BODY_COMPOSITION, TOPIC_BASE + "withings-connection");
    }

    // --- helpers

    private NotificationReceiver receiver() {
        NotificationReceiver receiver = new NotificationReceiver();
        receivers.add(receiver);
        return receiver;
    }

    private String newPatient() {
        Patient patient = new Patient();
        patient.addName(new HumanName().setFamily("Mbeki").addGiven("Thandi"));
        return fhirClient().create().resource(patient).execute().getId().getIdPart();
    }

    private String subscribe(String topic, NotificationReceiver receiver, String content, String... filtersThenHeaders) {
        return RestHookSubscriptions.subscribe(fhirClient(), topic, receiver.url(), content, filtersThenHeaders);
    }

    private String subscribeActive(String topic, NotificationReceiver receiver, String content, String... filters) {
        return RestHookSubscriptions.subscribeActive(fhirClient(), topic, receiver.url(), content, filters);
    }

    private static Subscription subscription(String topic, String endpoint, String content) {
        return RestHookSubscriptions.subscription(topic, endpoint, content);
    }

    private void awaitStatus(String id, SubscriptionStatusCodes expected) {
        RestHookSubscriptions.awaitStatus(fhirClient(), id, expected, PROMPTLY);
    }

    /** A vital sign as the mapper writes it: HL7 vital-signs category and our family category. */
    static Observation vitalSign(String patient, String loinc, int value) {
        Observation observation = new Observation();
        observation.setStatus(Enumerations.ObservationStatus.FINAL);
        observation.addCategory(new CodeableConcept(new Coding(
                "http://terminology.hl7.org/CodeSystem/observation-category", "vital-signs", "Vital Signs")));
        observation.addCategory(new CodeableConcept(new Coding(FAMILY, "vital-signs", "Vital signs")));
        observation.setCode(new CodeableConcept(new Coding("http://loinc.org", loinc, null)));
        observation.setSubject(new Reference("Patient/" + patient));
        observation.setEffective(new org.hl7.fhir.r5.model.DateTimeType(new Date()));
        observation.setValue(new Quantity().setValue(new BigDecimal(value)).setSystem("http://unitsofmeasure.org")
                .setCode(loinc.equals("8310-5") ? "Cel" : "/min").setUnit(loinc.equals("8310-5") ? "C" : "/min"));
        return observation;
    }

    private String create(Observation observation) {
        return fhirClient().create().resource(observation).execute().getId().getIdPart();
    }

    static List<Received> eventsOf(List<Received> received) {
        return received.stream().filter(r -> r.type() == SubscriptionNotificationType.EVENTNOTIFICATION).toList();
    }

    private static List<String> focusIds(NotificationReceiver receiver) {
        return receiver.events().stream()
                .flatMap(r -> r.status().getNotificationEvent().stream())
                .map(e -> idPart(e.getFocus().getReference()))
                .toList();
    }

    private static String idPart(String reference) {
        return reference.substring(reference.lastIndexOf('/') + 1);
    }


    private SubscriptionDeliveryProbe probe() {
        return new SubscriptionDeliveryProbe(context);
    }
}
