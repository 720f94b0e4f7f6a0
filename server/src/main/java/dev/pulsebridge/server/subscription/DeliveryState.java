package dev.pulsebridge.server.subscription;

import java.time.Instant;

/** A row of {@code subscription_delivery}: where delivery of one Subscription stands. */
record DeliveryState(String subscriptionId, String topicUrl, String status, String channelType,
        Integer heartbeatSeconds, String fhirBase, boolean handshakeDue, long eventsCount, long deliveredThrough,
        int attempts, Instant failingSince, String lastError) {

    boolean hasUndelivered() {
        return deliveredThrough < eventsCount;
    }
}
