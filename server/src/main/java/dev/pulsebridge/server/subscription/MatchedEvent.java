package dev.pulsebridge.server.subscription;

import java.time.Instant;

/** A change that matched a subscription, waiting to be written to the outbox with the change itself. */
record MatchedEvent(String subscriptionId, String focusType, String focusId, long focusVersion, Instant occurredAt) {
}
