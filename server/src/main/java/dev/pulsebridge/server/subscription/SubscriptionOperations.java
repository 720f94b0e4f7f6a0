package dev.pulsebridge.server.subscription;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import dev.pulsebridge.server.fhir.FhirOperationProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r5.model.Bundle.BundleType;
import org.hl7.fhir.r5.model.Bundle;
import org.hl7.fhir.r5.model.DateTimeType;
import org.hl7.fhir.r5.model.IdType;
import org.hl7.fhir.r5.model.Parameters;
import org.hl7.fhir.r5.model.StringType;
import org.hl7.fhir.r5.model.SubscriptionStatus.SubscriptionNotificationType;
import org.hl7.fhir.r5.model.SubscriptionStatus;
import org.hl7.fhir.r5.model.UrlType;
import org.springframework.stereotype.Component;

/**
 * {@code $status} and {@code $events} on Subscriptions: where a subscription stands (status, event count,
 * last error) and the events it was sent, by number, so a subscriber that was down can fetch what it
 * missed. Events are read from the outbox, which keeps them after delivery.
 */
@Component
class SubscriptionOperations implements FhirOperationProvider {

    private static final Duration WEBSOCKET_TOKEN_LIFETIME = Duration.ofMinutes(5);

    private final DeliveryStore states;
    private final SubscriptionRegistry registry;
    private final SubscriptionProperties properties;
    private final FocusResources focus;
    private final WebsocketTokenStore tokens;

    SubscriptionOperations(DeliveryStore states, SubscriptionRegistry registry, SubscriptionProperties properties,
            FocusResources focus, WebsocketTokenStore tokens) {
        this.states = states;
        this.registry = registry;
        this.properties = properties;
        this.focus = focus;
        this.tokens = tokens;
    }

    @Operation(name = "$status", typeName = "Subscription", idempotent = true)
    public Bundle status(@IdParam IdType id, RequestDetails request) {
        return statusBundle(List.of(existing(id.getIdPart()).subscriptionId()), request);
    }

    @Operation(name = "$status", typeName = "Subscription", idempotent = true)
    public Bundle statuses(@OperationParam(name = "id", min = 0, max = OperationParam.MAX_UNLIMITED) List<StringType> ids,
            @OperationParam(name = "status", min = 0, max = OperationParam.MAX_UNLIMITED) List<StringType> statuses,
            RequestDetails request) {
        List<String> wanted = ids == null ? List.of() : ids.stream().map(StringType::getValue)
                .map(value -> value.startsWith("Subscription/") ? value.substring("Subscription/".length()) : value)
                .toList();
        List<String> statusFilter = statuses == null ? List.of() : statuses.stream().map(StringType::getValue).toList();
        List<String> selected = new ArrayList<>();
        for (DeliveryState state : wanted.isEmpty() ? states.all() : states.states(wanted)) {
            if (statusFilter.isEmpty() || statusFilter.contains(state.status())) {
                selected.add(state.subscriptionId());
            }
        }
        return statusBundle(selected, request);
    }

    @Operation(name = "$events", typeName = "Subscription", idempotent = true)
    public Bundle events(@IdParam IdType id,
            @OperationParam(name = "eventsSinceNumber", min = 0, max = 1) StringType since,
            @OperationParam(name = "eventsUntilNumber", min = 0, max = 1) StringType until,
            @OperationParam(name = "content", min = 0, max = 1) StringType content,
            RequestDetails request) {
        String subscriptionId = existing(id.getIdPart()).subscriptionId();
        states.sequenceOne(subscriptionId);
        DeliveryState state = states.state(subscriptionId).orElseThrow();
        long from = number(since, "eventsSinceNumber").orElse(1L);
        long to = number(until, "eventsUntilNumber").orElse(state.eventsCount());
        if (from < 1 || to < from - 1) {
            throw new InvalidRequestException("eventsSinceNumber must be at least 1 and not above eventsUntilNumber");
        }
        SubscriptionSpec spec = registry.subscription(subscriptionId).orElseThrow(() ->
                new ResourceNotFoundException("Subscription/" + subscriptionId));
        SubscriptionSpec.Content shape = content == null ? spec.content()
                : SubscriptionSpec.Content.of(content.getValue()).orElseThrow(() -> new InvalidRequestException(
                        "content must be empty, id-only or full-resource"));
        List<StoredEvent> events = states.events(subscriptionId, from - 1, Math.min(to, state.eventsCount()),
                properties.maxEventsPerQuery());
        String base = request.getFhirServerBase();
        return NotificationBundles.build(SubscriptionNotificationType.QUERYEVENT, state, shape, events,
                shape == SubscriptionSpec.Content.FULL_RESOURCE ? focus.resources(events) : Map.of(), base);
    }

    @Operation(name = "$get-ws-binding-token", typeName = "Subscription", idempotent = true)
    public Parameters websocketToken(@IdParam IdType id, RequestDetails request) {
        DeliveryState state = existing(id.getIdPart());
        if (!state.channelType().equals(SubscriptionSpec.Channel.WEBSOCKET.code)) {
            throw new InvalidRequestException("Subscription/" + state.subscriptionId() + " uses the "
                    + state.channelType() + " channel; binding tokens are for websocket subscriptions");
        }
        WebsocketTokenStore.Issued issued = tokens.issue(state.subscriptionId(), WEBSOCKET_TOKEN_LIFETIME);
        Parameters parameters = new Parameters();
        parameters.addParameter("token", issued.token());
        parameters.addParameter().setName("expiration").setValue(new DateTimeType(Date.from(issued.expires())));
        parameters.addParameter("subscription", state.subscriptionId());
        parameters.addParameter().setName("websocket-url").setValue(new UrlType(websocketUrl(request.getFhirServerBase())));
        return parameters;
    }

    /** {@code http://host/fhir} -> {@code ws://host/websocket}; https gives wss. */
    static String websocketUrl(String fhirBase) {
        String base = fhirBase.endsWith("/") ? fhirBase.substring(0, fhirBase.length() - 1) : fhirBase;
        if (base.endsWith("/fhir")) {
            base = base.substring(0, base.length() - "/fhir".length());
        }
        return base.replaceFirst("^http", "ws") + SubscriptionWebsocketHandler.PATH;
    }

    private Bundle statusBundle(List<String> subscriptionIds, RequestDetails request) {
        subscriptionIds.forEach(states::sequenceOne);
        Bundle bundle = new Bundle().setType(BundleType.SEARCHSET);
        String base = request.getFhirServerBase();
        for (DeliveryState state : states.states(subscriptionIds)) {
            SubscriptionStatus status = NotificationBundles.status(SubscriptionNotificationType.QUERYSTATUS, state,
                    SubscriptionSpec.Content.EMPTY, List.of(), base);
            bundle.addEntry().setFullUrl("urn:uuid:" + status.getId()).setResource(status)
                    .getSearch().setMode(Bundle.SearchEntryMode.MATCH);
        }
        bundle.setTotal(bundle.getEntry().size());
        return bundle;
    }

    private DeliveryState existing(String subscriptionId) {
        return states.state(subscriptionId).orElseThrow(() ->
                new ResourceNotFoundException("Subscription/" + subscriptionId + " is not known"));
    }

    private static Optional<Long> number(StringType value, String name) {
        if (value == null || value.getValue() == null || value.getValue().isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(value.getValue().trim()));
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(name + " must be a whole number, not '" + value.getValue() + "'");
        }
    }
}
