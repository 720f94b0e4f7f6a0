package dev.pulsebridge.server.subscription;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import java.util.Set;
import org.hl7.fhir.r5.model.Enumerations.SubscriptionStatusCodes;
import org.hl7.fhir.r5.model.IdType;
import org.hl7.fhir.r5.model.Subscription;
import org.springframework.stereotype.Component;

/** Moves a Subscription resource through its lifecycle (requested -> active, -> error, -> off at its end) as delivery goes. */
@Component
class SubscriptionStatusUpdates {

    private static final int MAX_ATTEMPTS = 3;

    private final DaoRegistry daos;

    SubscriptionStatusUpdates(DaoRegistry daos) {
        this.daos = daos;
    }

    void activate(String subscriptionId) {
        change(subscriptionId, Set.of(SubscriptionStatusCodes.REQUESTED), SubscriptionStatusCodes.ACTIVE);
    }

    void error(String subscriptionId) {
        change(subscriptionId, Set.of(SubscriptionStatusCodes.REQUESTED, SubscriptionStatusCodes.ACTIVE),
                SubscriptionStatusCodes.ERROR);
    }

    /** Its {@code end} has come: the subscription is turned off, as R5 asks. */
    void end(String subscriptionId) {
        change(subscriptionId, Set.of(SubscriptionStatusCodes.REQUESTED, SubscriptionStatusCodes.ACTIVE,
                SubscriptionStatusCodes.ERROR), SubscriptionStatusCodes.OFF);
    }

    /**
     * Only from one of {@code from}: a client who meanwhile turned the subscription off keeps it off. Two
     * threads may move the same subscription at once (a websocket client binding while a deliverer sends
     * its handshake); the one that loses the race reads the resource again and finds it moved already.
     */
    private void change(String subscriptionId, Set<SubscriptionStatusCodes> from, SubscriptionStatusCodes to) {
        @SuppressWarnings("unchecked")
        IFhirResourceDao<Subscription> dao = daos.getResourceDao("Subscription");
        for (int attempt = 1; ; attempt++) {
            Subscription subscription = dao.read(new IdType("Subscription", subscriptionId), new SystemRequestDetails());
            if (!from.contains(subscription.getStatus())) {
                return;
            }
            subscription.setStatus(to);
            try {
                dao.update(subscription, new SystemRequestDetails());
                return;
            } catch (ResourceVersionConflictException e) {
                if (attempt == MAX_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }
}
