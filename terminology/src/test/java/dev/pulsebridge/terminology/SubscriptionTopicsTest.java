package dev.pulsebridge.terminology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.hl7.fhir.r5.model.SubscriptionTopic;
import org.junit.jupiter.api.Test;

class SubscriptionTopicsTest {

    private final Map<String, SubscriptionTopic> topics = SubscriptionTopics.all().stream()
            .collect(Collectors.toMap(SubscriptionTopic::getIdPart, topic -> topic));

    @Test
    void everyTopicHasACanonicalUnderOurBaseNamedAfterItsId() {
        topics.forEach((id, topic) ->
                assertThat(topic.getUrl()).isEqualTo("https://pulsebridge.dev/fhir/SubscriptionTopic/" + id));
    }

    @Test
    void vitalSignsTopicTriggersOnObservationsOfTheVitalSignsFamily() {
        SubscriptionTopic topic = topics.get(SubscriptionTopics.VITAL_SIGNS);
        assertThat(topic.getResourceTriggerFirstRep().getResource()).isEqualTo("Observation");
        assertThat(topic.getResourceTriggerFirstRep().getQueryCriteria().getCurrent()).isEqualTo(
                "Observation?category=https://pulsebridge.dev/fhir/CodeSystem/observation-family|vital-signs");
        assertThat(topic.getResourceTriggerFirstRep().getSupportedInteraction())
                .extracting(interaction -> interaction.getValue().toCode())
                .containsExactly("create", "update");
    }

    @Test
    void anyObservationTopicCoversEveryFamily() {
        String criteria = topics.get(SubscriptionTopics.ANY_OBSERVATION).getResourceTriggerFirstRep()
                .getQueryCriteria().getCurrent();
        Arrays.stream(Family.values()).forEach(family ->
                assertThat(criteria).contains(Canonicals.DATA_FAMILY + "|" + family.code()));
    }

    @Test
    void observationTopicsOfferPatientCodeAndCategoryFilters() {
        topics.values().stream()
                .filter(topic -> topic.getResourceTriggerFirstRep().getResource().equals("Observation"))
                .forEach(topic -> assertThat(filters(topic)).containsExactly("patient", "code", "category"));
    }

    @Test
    void connectionTopicWatchesTheWithingsDataSharingConsent() {
        SubscriptionTopic topic = topics.get(SubscriptionTopics.CONNECTION);
        assertThat(topic.getResourceTriggerFirstRep().getQueryCriteria().getCurrent())
                .isEqualTo("Consent?category=https://pulsebridge.dev/fhir/CodeSystem/consent-category|withings-data-sharing");
        assertThat(filters(topic)).containsExactly("patient", "category", "status");
    }

    private static List<String> filters(SubscriptionTopic topic) {
        return topic.getCanFilterBy().stream()
                .map(SubscriptionTopic.SubscriptionTopicCanFilterByComponent::getFilterParameter)
                .toList();
    }
}
