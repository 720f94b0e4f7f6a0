package dev.pulsebridge.server.subscription;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.UriParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r5.model.IdType;
import org.hl7.fhir.r5.model.Subscription;
import org.hl7.fhir.r5.model.SubscriptionTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The subscriptions changes are matched against, kept in memory and rebuilt from the FHIR store when a
 * Subscription or SubscriptionTopic changes: at once after a change through this instance, and within
 * {@code refresh-interval} after one through another instance (seen in {@code subscription_delivery}).
 */
@Component
class SubscriptionRegistry {

    private static final Logger log = LoggerFactory.getLogger(SubscriptionRegistry.class);
    /** Statuses whose subscriptions collect events; {@code error} ones too, so a subscriber can replay them. */
    static final Set<String> MATCHING_STATUSES = Set.of("requested", "active", "error");

    private final DaoRegistry daos;
    private final DeliveryStore states;
    private volatile Snapshot snapshot = new Snapshot(Map.of(), Map.of(), "");

    /** @param byType per resource type, the (subscription, criteria) pairs changes are matched against */
    private record Snapshot(Map<String, TopicSpec> topics, Map<String, List<Rule>> byType, String fingerprint) {
    }

    /** @param end when the subscription stops collecting events (its {@code end}), or null for never */
    record Rule(String subscriptionId, SubscriptionSpec.Criteria criteria, Instant end) {

        boolean endedBy(Instant now) {
            return end != null && !now.isBefore(end);
        }
    }

    SubscriptionRegistry(DaoRegistry daos, DeliveryStore states) {
        this.daos = daos;
        this.states = states;
    }

    List<Rule> rules(String resourceType) {
        return snapshot.byType().getOrDefault(resourceType, List.of());
    }

    /** A topic by canonical URL, read from the store when not known yet (created a moment ago). */
    Optional<TopicSpec> topic(String url) {
        TopicSpec known = snapshot.topics().get(url);
        if (known != null) {
            return Optional.of(known);
        }
        SearchParameterMap byUrl = SearchParameterMap.newSynchronous(SubscriptionTopic.SP_URL, new UriParam(url));
        return all("SubscriptionTopic", byUrl).stream()
                .map(resource -> TopicSpec.of((SubscriptionTopic) resource))
                .findFirst();
    }

    Optional<SubscriptionSpec> subscription(String id) {
        try {
            Subscription subscription = (Subscription) daos.getResourceDao("Subscription")
                    .read(new IdType("Subscription", id), new SystemRequestDetails());
            return Optional.of(SubscriptionSpec.parse(subscription, this::topic));
        } catch (ResourceNotFoundException | ResourceGoneException e) {
            return Optional.empty();
        }
    }

    /** Rebuilds when another instance changed a subscription since the last look. */
    void refreshIfChanged() {
        String fingerprint = states.fingerprint();
        if (!fingerprint.equals(snapshot.fingerprint())) {
            reload();
        }
    }

    synchronized void reload() {
        String fingerprint = states.fingerprint();
        Map<String, TopicSpec> topics = new HashMap<>();
        for (IBaseResource resource : all("SubscriptionTopic", SearchParameterMap.newSynchronous())) {
            TopicSpec topic = TopicSpec.of((SubscriptionTopic) resource);
            topics.put(topic.url(), topic);
        }
        Map<String, List<Rule>> byType = new HashMap<>();
        int count = 0;
        for (IBaseResource resource : all("Subscription", SearchParameterMap.newSynchronous())) {
            Subscription subscription = (Subscription) resource;
            if (!subscription.hasStatus() || !MATCHING_STATUSES.contains(subscription.getStatus().toCode())) {
                continue;
            }
            try {
                SubscriptionSpec spec = SubscriptionSpec.parse(subscription,
                        url -> Optional.ofNullable(topics.get(url)));
                Instant end = subscription.hasEnd() ? subscription.getEnd().toInstant() : null;
                spec.criteria().forEach((type, criteria) ->
                        byType.computeIfAbsent(type, t -> new ArrayList<>()).add(new Rule(spec.id(), criteria, end)));
                count++;
            } catch (InvalidSubscriptionException e) {
                // stored before its topic changed or vanished; it cannot match anything until fixed
                log.warn("Subscription {} matches nothing: {}", subscription.getIdElement().getIdPart(), e.getMessage());
            }
        }
        byType.replaceAll((type, rules) -> List.copyOf(rules));
        snapshot = new Snapshot(Map.copyOf(topics), Map.copyOf(byType), fingerprint);
        log.debug("Subscription registry: {} topics, {} matching subscriptions", topics.size(), count);
    }

    /** Subscriptions still collecting events although their {@code end} has passed. */
    Set<String> endedBy(Instant now) {
        Set<String> ended = new java.util.TreeSet<>();
        snapshot.byType().values().forEach(rules -> rules.stream().filter(rule -> rule.endedBy(now))
                .forEach(rule -> ended.add(rule.subscriptionId())));
        return ended;
    }

    List<String> topicUrls() {
        return snapshot.topics().keySet().stream().sorted().toList();
    }

    private List<IBaseResource> all(String type, SearchParameterMap map) {
        IBundleProvider results = daos.getResourceDao(type).search(map, new SystemRequestDetails());
        Integer size = results.size();
        return results.getResources(0, size == null ? Integer.MAX_VALUE : size);
    }
}
