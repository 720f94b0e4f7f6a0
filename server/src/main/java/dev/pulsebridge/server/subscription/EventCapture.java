package dev.pulsebridge.server.subscription;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.searchparam.extractor.ResourceIndexedSearchParams;
import ca.uhn.fhir.jpa.searchparam.matcher.InMemoryResourceMatcher;
import ca.uhn.fhir.jpa.searchparam.matcher.IndexedSearchParamExtractor;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Matches every stored change against the subscriptions' topics and filters, and writes the matches to
 * the outbox in the transaction that stores the change: the change and its events commit together or
 * not at all, so a crash can lose neither half. Matching is in memory (HAPI's matcher on the resource's
 * search parameters, extracted once per resource whatever the number of subscriptions). A match becomes an
 * event only when the subscription's owner may read the resource ({@link SubscriberGrants}).
 */
@Interceptor
class EventCapture {

    private static final Object BUFFER_KEY = new Object();

    private final SubscriptionRegistry registry;
    private final IndexedSearchParamExtractor extractor;
    private final InMemoryResourceMatcher matcher;
    private final DeliveryStore states;
    private final DeliverySignal signal;
    private final FhirContext fhirContext;
    private final SubscriberGrants grants;
    private final Clock clock;

    EventCapture(SubscriptionRegistry registry, IndexedSearchParamExtractor extractor, InMemoryResourceMatcher matcher,
            DeliveryStore states, DeliverySignal signal, FhirContext fhirContext, SubscriberGrants grants, Clock clock) {
        this.clock = clock;
        this.grants = grants;
        this.registry = registry;
        this.extractor = extractor;
        this.matcher = matcher;
        this.states = states;
        this.signal = signal;
        this.fhirContext = fhirContext;
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
    public void created(IBaseResource resource, RequestDetails request) {
        capture("create", resource, request);
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
    public void updated(IBaseResource previous, IBaseResource resource, RequestDetails request) {
        capture("update", resource, request);
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
    public void deleted(IBaseResource resource, RequestDetails request) {
        capture("delete", resource, request);
    }

    private void capture(String interaction, IBaseResource resource, RequestDetails request) {
        String type = fhirContext.getResourceType(resource);
        List<SubscriptionRegistry.Rule> rules = registry.rules(type);
        if (rules.isEmpty()) {
            return;
        }
        ResourceIndexedSearchParams indexed = null;
        IIdType id = resource.getIdElement();
        Instant now = clock.instant();
        for (SubscriptionRegistry.Rule rule : rules) {
            if (!rule.criteria().interactions().contains(interaction) || rule.endedBy(now)) {
                continue;
            }
            if (indexed == null) {
                indexed = extractor.extractIndexedSearchParams(resource, request);
            }
            if (matcher.match(rule.criteria().search(), resource, indexed, request).matched()
                    && grants.mayBeToldAbout(rule.subscriptionId(), resource, request)) {
                buffer().add(new MatchedEvent(rule.subscriptionId(), type, id.getIdPart(),
                        id.getVersionIdPartAsLong() == null ? 1L : id.getVersionIdPartAsLong(), now));
            }
        }
    }

    /** Matches of the current transaction, written in one batch just before it commits. */
    @SuppressWarnings("unchecked")
    private List<MatchedEvent> buffer() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            throw new IllegalStateException("A FHIR write outside a transaction cannot record subscription events");
        }
        List<MatchedEvent> buffer = (List<MatchedEvent>) TransactionSynchronizationManager.getResource(BUFFER_KEY);
        if (buffer == null) {
            List<MatchedEvent> events = new ArrayList<>();
            TransactionSynchronizationManager.bindResource(BUFFER_KEY, events);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void beforeCommit(boolean readOnly) {
                    states.store(events);
                }

                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(BUFFER_KEY);
                    if (status == STATUS_COMMITTED) {
                        signal.eventsStored();
                    }
                }
            });
            buffer = events;
        }
        return buffer;
    }
}
