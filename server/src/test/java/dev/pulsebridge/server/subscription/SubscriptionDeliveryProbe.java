package dev.pulsebridge.server.subscription;

import java.time.Duration;
import java.util.Arrays;
import org.awaitility.Awaitility;
import org.springframework.context.ApplicationContext;

/**
 * The signal tests wait on before asserting that a subscriber got nothing more: every event captured for
 * the subscriptions is numbered and acknowledged, so nothing is left that could still arrive.
 */
public final class SubscriptionDeliveryProbe {

    private final DeliveryStore states;

    public SubscriptionDeliveryProbe(ApplicationContext context) {
        this.states = context.getBean(DeliveryStore.class);
    }

    public void awaitDelivered(Duration atMost, String... subscriptionIds) {
        Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(50))
                .until(() -> Arrays.stream(subscriptionIds).allMatch(this::delivered));
    }

    /** At least {@code attempts} deliveries to the subscription have failed in a row. */
    public void awaitFailedAttempts(Duration atMost, String subscriptionId, int attempts) {
        Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(20))
                .until(() -> states.state(subscriptionId).map(state -> state.attempts() >= attempts).orElse(false));
    }

    /** What the delivery store holds for the subscription, for a failure message. */
    public String describe(String subscriptionId) {
        return states.state(subscriptionId).map(Object::toString).orElse("no delivery state")
                + (states.withUnnumberedEvents().contains(subscriptionId) ? "; events not numbered yet" : "");
    }

    private boolean delivered(String subscriptionId) {
        return !states.withUnnumberedEvents().contains(subscriptionId)
                && states.state(subscriptionId).map(state -> !state.hasUndelivered()).orElse(true);
    }
}
