package dev.pulsebridge.mapping.withings;

import java.time.Instant;

/** A notify {@code list} profile: one webhook subscription for one appli. */
public record NotifySubscription(int appli, String callbackUrl, Instant expires, String comment) {
}
