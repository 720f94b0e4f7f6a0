package dev.pulsebridge.server.subscription;

import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r5.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r5.model.Bundle.BundleType;
import org.hl7.fhir.r5.model.Bundle;
import org.hl7.fhir.r5.model.Enumerations.SubscriptionStatusCodes;
import org.hl7.fhir.r5.model.InstantType;
import org.hl7.fhir.r5.model.Reference;
import org.hl7.fhir.r5.model.Resource;
import org.hl7.fhir.r5.model.SubscriptionStatus.SubscriptionNotificationType;
import org.hl7.fhir.r5.model.SubscriptionStatus;

/**
 * Builds {@code subscription-notification} Bundles: a SubscriptionStatus first (bdl-13), then the focus
 * resources as the Subscription's content asks: none ({@code empty}), their fullUrls ({@code id-only}) or
 * the resources as they were at the event ({@code full-resource}).
 */
final class NotificationBundles {

    private NotificationBundles() {
    }

    /**
     * @param focusResources the focus of each event at its version, for {@code full-resource}; an event whose
     *     version can no longer be read is listed by fullUrl alone
     */
    static Bundle build(SubscriptionNotificationType type, DeliveryState state, SubscriptionSpec.Content content,
            List<StoredEvent> events, Map<Long, Resource> focusResources, String fhirBase) {
        Bundle bundle = new Bundle();
        bundle.setId(UUID.randomUUID().toString());
        bundle.setType(BundleType.SUBSCRIPTIONNOTIFICATION);
        bundle.setTimestamp(new Date());

        SubscriptionStatus status = status(type, state, content, events, fhirBase);
        bundle.addEntry().setFullUrl("urn:uuid:" + status.getId()).setResource(status);

        if (content != SubscriptionSpec.Content.EMPTY) {
            for (StoredEvent event : events) {
                BundleEntryComponent entry = bundle.addEntry()
                        .setFullUrl(absolute(fhirBase, event.focusReference()));
                Resource resource = focusResources.get(event.eventNumber());
                if (content == SubscriptionSpec.Content.FULL_RESOURCE && resource != null) {
                    entry.setResource(resource);
                }
            }
        }
        return bundle;
    }

    /** The SubscriptionStatus of a notification, or alone as {@code $status} answers ({@code query-status}). */
    static SubscriptionStatus status(SubscriptionNotificationType type, DeliveryState state,
            SubscriptionSpec.Content content, List<StoredEvent> events, String fhirBase) {
        SubscriptionStatus status = new SubscriptionStatus();
        status.setId(UUID.randomUUID().toString());
        status.setType(type);
        status.setStatus(SubscriptionStatusCodes.fromCode(state.status()));
        status.setEventsSinceSubscriptionStart(state.eventsCount());
        status.setSubscription(new Reference(absolute(fhirBase, "Subscription/" + state.subscriptionId())));
        status.setTopic(state.topicUrl());
        if (state.lastError() != null && state.status().equals("error")) {
            status.addError().setText(state.lastError());
        }
        for (StoredEvent event : events) {
            SubscriptionStatus.SubscriptionStatusNotificationEventComponent notification = status.addNotificationEvent()
                    .setEventNumber(event.eventNumber())
                    .setTimestampElement(new InstantType(Date.from(event.occurredAt())));
            if (content != SubscriptionSpec.Content.EMPTY) {
                notification.setFocus(new Reference(absolute(fhirBase, event.focusReference())));
            }
        }
        return status;
    }

    /** The notification for a moment without events: handshake or heartbeat. */
    static Bundle signal(SubscriptionNotificationType type, DeliveryState state, String fhirBase) {
        return build(type, state, SubscriptionSpec.Content.EMPTY, List.of(), Map.of(), fhirBase);
    }

    static String absolute(String fhirBase, String relative) {
        return fhirBase == null || fhirBase.isBlank() ? relative : stripSlash(fhirBase) + "/" + relative;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
