package dev.pulsebridge.server.subscription;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.searchparam.matcher.InMemoryMatchResult;
import ca.uhn.fhir.jpa.searchparam.matcher.InMemoryResourceMatcher;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r5.model.Enumerations.SubscriptionStatusCodes;
import org.hl7.fhir.r5.model.Subscription;
import org.hl7.fhir.r5.model.SubscriptionTopic;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Guards writes of Subscriptions and SubscriptionTopics at the storage layer (REST and in-process alike):
 * a Subscription Pulsebridge could not serve, or a topic whose trigger it cannot evaluate, is refused with
 * 422 and the reason; an accepted Subscription's delivery state is written in the same transaction, and
 * the registry is rebuilt once the change is committed.
 */
@Interceptor
class SubscriptionWrites {

    private final SubscriptionRegistry registry;
    private final DeliveryStore states;
    private final InMemoryResourceMatcher matcher;
    private final String configuredFhirBase;
    private final EndpointPolicy endpoints;
    private final SubscriptionHeaderSeal headers;

    SubscriptionWrites(SubscriptionRegistry registry, DeliveryStore states, InMemoryResourceMatcher matcher,
            String configuredFhirBase, EndpointPolicy endpoints, SubscriptionHeaderSeal headers) {
        this.endpoints = endpoints;
        this.headers = headers;
        this.registry = registry;
        this.states = states;
        this.matcher = matcher;
        this.configuredFhirBase = configuredFhirBase;
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
    public void creating(IBaseResource resource) {
        if (resource instanceof Subscription subscription) {
            // a new subscription starts out requested whatever the client says, and turns active after the handshake
            if (!subscription.hasStatus() || subscription.getStatus() == SubscriptionStatusCodes.ACTIVE) {
                subscription.setStatus(SubscriptionStatusCodes.REQUESTED);
            }
            check(subscription);
            seal(subscription, null);
        } else if (resource instanceof SubscriptionTopic topic) {
            check(topic);
        }
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
    public void updating(IBaseResource previous, IBaseResource resource) {
        if (resource instanceof Subscription subscription) {
            seal(subscription, previous instanceof Subscription stored ? stored : null);
            check(subscription);
        } else if (resource instanceof SubscriptionTopic topic) {
            check(topic);
        }
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
    public void created(IBaseResource resource, RequestDetails request) {
        saved(resource, request);
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
    public void updated(IBaseResource previous, IBaseResource resource, RequestDetails request) {
        saved(resource, request);
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
    public void deleted(IBaseResource resource) {
        if (resource instanceof Subscription subscription) {
            states.deleted(subscription.getIdElement().getIdPart());
            reloadAfterCommit();
        } else if (resource instanceof SubscriptionTopic) {
            reloadAfterCommit();
        }
    }

    private void saved(IBaseResource resource, RequestDetails request) {
        if (resource instanceof Subscription subscription) {
            states.saved(SubscriptionSpec.parse(subscription, registry::topic), fhirBase(request));
            reloadAfterCommit();
        } else if (resource instanceof SubscriptionTopic) {
            reloadAfterCommit();
        }
    }

    private void seal(Subscription subscription, Subscription stored) {
        try {
            headers.sealIncoming(subscription, stored);
        } catch (InvalidSubscriptionException e) {
            throw new UnprocessableEntityException(e.getMessage());
        }
    }

    private void check(Subscription subscription) {
        try {
            SubscriptionSpec spec = SubscriptionSpec.parse(subscription, registry::topic);
            if (spec.channel() == SubscriptionSpec.Channel.REST_HOOK) {
                endpoints.check(spec.endpoint());
            }
        } catch (InvalidSubscriptionException e) {
            throw new UnprocessableEntityException(e.getMessage());
        }
    }

    private void check(SubscriptionTopic topic) {
        if (!topic.hasUrl()) {
            throw new UnprocessableEntityException("SubscriptionTopic.url is required: subscriptions name topics by it");
        }
        for (TopicSpec.Trigger trigger : TopicSpec.of(topic).triggers()) {
            if (trigger.criteria().isEmpty()) {
                continue;
            }
            InMemoryMatchResult evaluable = matcher.canBeEvaluatedInMemory(trigger.criteria());
            if (!evaluable.supported()) {
                throw new UnprocessableEntityException("Topic trigger criteria '" + trigger.criteria()
                        + "' cannot be evaluated by Pulsebridge: " + evaluable.getUnsupportedReason());
            }
        }
    }

    /** The base the subscriber addressed, for fullUrls in its notifications; background writes have none. */
    private String fhirBase(RequestDetails request) {
        if (!configuredFhirBase.isBlank()) {
            return configuredFhirBase;
        }
        String base = request == null ? null : request.getFhirServerBase();
        return base == null || base.isBlank() ? null : base;
    }

    private void reloadAfterCommit() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            registry.reload();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                registry.reload();
            }
        });
    }
}
