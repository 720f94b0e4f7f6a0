package dev.pulsebridge.server.subscription;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * What the creator of a Subscription may be told about. A change that matches a subscription's topic and
 * filters becomes an event only when the subscription's owner may read the changed resource, so neither
 * a notification, nor {@code $events}, nor a websocket ever carries what its owner could not have read
 * through the FHIR API. The front door provides it; the subscription feature only asks.
 */
public interface SubscriberGrants {

    /**
     * @param resource the resource as this change stores it (or as it was, for a delete)
     * @param request  the request making the change, for evaluating search restrictions on the resource
     */
    boolean mayBeToldAbout(String subscriptionId, IBaseResource resource, RequestDetails request);
}
