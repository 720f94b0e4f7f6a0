package dev.pulsebridge.server.subscription;

import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import dev.pulsebridge.server.background.BackgroundWorker;
import dev.pulsebridge.server.background.Backoff;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.hl7.fhir.r5.model.Bundle;
import org.hl7.fhir.r5.model.Resource;
import org.hl7.fhir.r5.model.SubscriptionStatus.SubscriptionNotificationType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Threads that deliver notifications: rest-hook ones, and websocket ones of the clients connected to this
 * instance. Each claims one subscription with work (handshake,
 * events, heartbeat) under a lease, so one subscription's notifications go out one at a time and in
 * event-number order, from exactly one instance. A receiver that fails is retried with backoff; one
 * that keeps failing for the retry period turns the Subscription to {@code error}.
 */
@Component
class SubscriptionDeliverers extends BackgroundWorker {

    private static final Logger log = LoggerFactory.getLogger(SubscriptionDeliverers.class);
    /** Notifications one claim may send before giving other subscriptions a turn. */
    private static final int BATCHES_PER_CLAIM = 50;
    private static final Duration PURGE_INTERVAL = Duration.ofHours(1);

    private final DeliveryStore states;
    private final SubscriptionRegistry registry;
    private final RestHookChannel restHook;
    private final WebsocketSessions websockets;
    private final ca.uhn.fhir.context.FhirContext fhirContext;
    private final SubscriptionStatusUpdates statuses;
    private final DeliverySignal signal;
    private final FocusResources focus;
    private final SubscriptionProperties properties;
    private final MeterRegistry meters;
    private final Clock clock;
    private final AtomicLong lastRefresh = new AtomicLong();
    private final AtomicLong lastPurge = new AtomicLong();
    /** Which channel a deliverer looks at first, turn and turn about: neither waits behind the other's backlog. */
    private final AtomicLong turns = new AtomicLong();
    private final Backoff retries;

    SubscriptionDeliverers(DeliveryStore states, SubscriptionRegistry registry, RestHookChannel restHook,
            WebsocketSessions websockets, ca.uhn.fhir.context.FhirContext fhirContext, SubscriptionStatusUpdates statuses, DeliverySignal signal, FocusResources focus,
            SubscriptionProperties properties, MeterRegistry meters, Clock clock) {
        super("pulsebridge-notify", properties.enabled(), properties.deliverers(), properties.idlePoll());
        this.retries = new Backoff(properties.retryBase(), properties.retryCap());
        this.clock = clock;
        this.states = states;
        this.registry = registry;
        this.restHook = restHook;
        this.websockets = websockets;
        this.fhirContext = fhirContext;
        this.statuses = statuses;
        this.signal = signal;
        this.focus = focus;
        this.properties = properties;
        this.meters = meters;
    }

    @Override
    protected void beforeStart() {
        registry.reload();
    }

    /** Idle deliverers wait for the signal that a write stored events, or the idle poll at most. */
    @Override
    protected boolean runOnce(String owner) throws InterruptedException {
        long seen = signal.generation();
        housekeeping();
        states.sequenceAll();
        boolean websocketFirst = turns.getAndIncrement() % 2 == 0;
        Optional<DeliveryState> claimed = websocketFirst ? claimWebsocket(owner) : claimRestHook(owner);
        if (claimed.isEmpty()) {
            claimed = websocketFirst ? claimRestHook(owner) : claimWebsocket(owner);
        }
        if (claimed.isEmpty()) {
            signal.await(seen, properties.idlePoll().toMillis());
            return true;
        }
        deliver(claimed.get(), owner);
        return true;
    }

    private Optional<DeliveryState> claimRestHook(String owner) {
        return states.claim(SubscriptionSpec.Channel.REST_HOOK.code, owner, properties.lease());
    }

    /** Websocket subscriptions are delivered by the instance their client is connected to. */
    private Optional<DeliveryState> claimWebsocket(String owner) {
        return states.claimAmong(SubscriptionSpec.Channel.WEBSOCKET.code, owner, properties.lease(),
                websockets.boundSubscriptions());
    }

    private void housekeeping() {
        long now = System.currentTimeMillis();
        long last = lastRefresh.get();
        if (now - last >= properties.refreshInterval().toMillis() && lastRefresh.compareAndSet(last, now)) {
            registry.refreshIfChanged();
            endSubscriptionsPastTheirEnd();
        }
        long lastPurged = lastPurge.get();
        if (now - lastPurged >= PURGE_INTERVAL.toMillis() && lastPurge.compareAndSet(lastPurged, now)) {
            int purged = states.purgeDelivered(clock.instant().minus(properties.eventRetention()));
            if (purged > 0) {
                log.info("Forgot {} delivered subscription events older than {}", purged, properties.eventRetention());
            }
        }
    }

    /**
     * A subscription whose {@code end} has passed is turned off and its undelivered events dropped: a
     * dashboard tab that was closed without saying so leaves nothing that grows behind it.
     */
    private void endSubscriptionsPastTheirEnd() {
        for (String id : registry.endedBy(clock.instant())) {
            try {
                statuses.end(id);
                states.forgetUndelivered(id);
                log.info("Subscription {} reached its end and was turned off", id);
            } catch (ResourceVersionConflictException | ResourceNotFoundException | ResourceGoneException e) {
                // another instance ended it (or a client changed it) meanwhile; the next refresh sees the outcome
                log.debug("Subscription {} changed while being ended: {}", id, e.getMessage());
            }
        }
    }

    private void deliver(DeliveryState claimed, String owner) {
        String id = claimed.subscriptionId();
        try {
            Optional<SubscriptionSpec> spec = registry.subscription(id);
            if (spec.isEmpty()) {
                return;
            }
            DeliveryState state = claimed;
            if (state.handshakeDue()) {
                handshake(state, spec.get(), owner);
                return;
            }
            int sent = 0;
            while (state.hasUndelivered() && sent < BATCHES_PER_CLAIM && !stopping()) {
                if (!sendEvents(state, spec.get(), owner)) {
                    return;
                }
                sent++;
                state = states.state(id).orElseThrow();
            }
            if (sent == 0 && !state.hasUndelivered()) {
                heartbeat(state, spec.get(), owner);
            }
        } catch (InvalidSubscriptionException e) {
            failed(claimed, owner, "The Subscription can no longer be served: " + e.getMessage(), true);
        } finally {
            states.release(id, owner);
        }
    }

    private void handshake(DeliveryState state, SubscriptionSpec spec, String owner) {
        if (spec.channel() == SubscriptionSpec.Channel.WEBSOCKET) {
            // the websocket handshake went out when the client bound
            states.sent(state.subscriptionId(), owner, state.deliveredThrough(), spec.heartbeatSeconds());
            statuses.activate(state.subscriptionId());
            return;
        }
        Optional<String> error = send(spec, state,
                NotificationBundles.signal(SubscriptionNotificationType.HANDSHAKE, state, state.fhirBase()), "handshake");
        if (error.isPresent()) {
            failed(state, owner, "Handshake failed: " + error.get(), false);
            return;
        }
        states.sent(state.subscriptionId(), owner, state.deliveredThrough(), spec.heartbeatSeconds());
        statuses.activate(state.subscriptionId());
        log.info("Subscription {} is active: its endpoint accepted the handshake", state.subscriptionId());
    }

    private boolean sendEvents(DeliveryState state, SubscriptionSpec spec, String owner) {
        List<StoredEvent> events = states.events(state.subscriptionId(), state.deliveredThrough(), state.eventsCount(),
                spec.maxCount());
        if (events.isEmpty()) {
            return false;
        }
        Map<Long, Resource> resources = spec.content() == SubscriptionSpec.Content.FULL_RESOURCE
                ? focus.resources(events) : Map.of();
        Bundle bundle = NotificationBundles.build(SubscriptionNotificationType.EVENTNOTIFICATION, state, spec.content(),
                events, resources, state.fhirBase());
        Optional<String> error = send(spec, state, bundle, "event");
        if (error.isPresent()) {
            failed(state, owner, error.get(), false);
            return false;
        }
        long through = events.get(events.size() - 1).eventNumber();
        meters.counter("pulsebridge.subscriptions.events.delivered").increment(events.size());
        return states.sent(state.subscriptionId(), owner, through, spec.heartbeatSeconds());
    }

    private void heartbeat(DeliveryState state, SubscriptionSpec spec, String owner) {
        Optional<String> error = send(spec, state,
                NotificationBundles.signal(SubscriptionNotificationType.HEARTBEAT, state, state.fhirBase()), "heartbeat");
        if (error.isPresent()) {
            failed(state, owner, "Heartbeat failed: " + error.get(), false);
        } else {
            states.sent(state.subscriptionId(), owner, state.deliveredThrough(), spec.heartbeatSeconds());
        }
    }

    private Optional<String> send(SubscriptionSpec spec, DeliveryState state, Bundle bundle, String kind) {
        long started = System.nanoTime();
        Optional<String> error = spec.channel() == SubscriptionSpec.Channel.WEBSOCKET
                ? (websockets.send(spec.id(), fhirContext.newJsonParser().encodeResourceToString(bundle))
                        ? Optional.empty() : Optional.of("No websocket took the notification"))
                : restHook.post(spec, bundle, properties.timeout());
        meters.timer("pulsebridge.subscriptions.deliveries", "kind", kind, "outcome",
                error.isPresent() ? "failed" : "delivered").record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        return error;
    }

    private void failed(DeliveryState state, String owner, String error, boolean permanent) {
        Instant now = clock.instant();
        Instant failingSince = state.failingSince() == null ? now : state.failingSince();
        boolean givingUp = permanent || !failingSince.plus(properties.retryPeriod()).isAfter(now);
        states.failed(state.subscriptionId(), owner, error, retries.after(state.attempts() + 1));
        if (givingUp) {
            statuses.error(state.subscriptionId());
            log.warn("Subscription {} is now in error after failing since {}: {}", state.subscriptionId(),
                    failingSince, error);
        } else {
            log.info("Delivery to subscription {} failed (attempt {}), retrying: {}", state.subscriptionId(),
                    state.attempts() + 1, error);
        }
    }

}
