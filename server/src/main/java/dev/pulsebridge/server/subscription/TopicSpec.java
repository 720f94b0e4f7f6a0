package dev.pulsebridge.server.subscription;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r5.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r5.model.SubscriptionTopic.SubscriptionTopicCanFilterByComponent;
import org.hl7.fhir.r5.model.SubscriptionTopic.SubscriptionTopicResourceTriggerComponent;
import org.hl7.fhir.r5.model.SubscriptionTopic;

/**
 * What Pulsebridge needs of a SubscriptionTopic: its resource triggers (resource type, interactions and
 * the search the changed resource must match) and which filters subscribers may use.
 */
record TopicSpec(String url, boolean active, List<Trigger> triggers, Set<String> filterable) {

    /** @param criteria a search such as {@code Observation?category=...}, or empty: any resource of the type */
    record Trigger(String resourceType, Set<String> interactions, String criteria) {
    }

    static TopicSpec of(SubscriptionTopic topic) {
        List<Trigger> triggers = new ArrayList<>();
        for (SubscriptionTopicResourceTriggerComponent trigger : topic.getResourceTrigger()) {
            String type = resourceType(trigger.getResource());
            Set<String> interactions = new LinkedHashSet<>();
            trigger.getSupportedInteraction().forEach(value -> interactions.add(value.getValue().toCode()));
            if (interactions.isEmpty()) {
                // the spec's default when none is given: every interaction
                interactions.addAll(List.of("create", "update", "delete"));
            }
            String current = trigger.getQueryCriteria().getCurrent();
            triggers.add(new Trigger(type, interactions, current == null ? "" : current));
        }
        Set<String> filterable = new LinkedHashSet<>();
        for (SubscriptionTopicCanFilterByComponent filter : topic.getCanFilterBy()) {
            String type = filter.hasResource() ? resourceType(filter.getResource()) : "";
            filterable.add(type + "." + filter.getFilterParameter());
        }
        return new TopicSpec(topic.getUrl(), topic.getStatus() == PublicationStatus.ACTIVE, List.copyOf(triggers),
                Set.copyOf(filterable));
    }

    /** Whether a subscriber may filter {@code resourceType} by {@code parameter} (type-less filters apply to all). */
    boolean canFilter(String resourceType, String parameter) {
        return filterable.contains(resourceType + "." + parameter) || filterable.contains("." + parameter);
    }

    /** Triggers name a type or its canonical ({@code http://hl7.org/fhir/StructureDefinition/Observation}). */
    static String resourceType(String resource) {
        int slash = resource.lastIndexOf('/');
        return slash < 0 ? resource : resource.substring(slash + 1);
    }
}
