package dev.pulsebridge.server.withings.link;

import java.time.Instant;

/** A link handed out by $withings-connect, as stored (hashes only). */
record PatientLink(long id, String patientId, String redirectUri, Instant createdAt, Instant expiresAt, Instant usedAt,
        String lastError, String backfill) {

    boolean usable(Instant now) {
        return usedAt == null && now.isBefore(expiresAt);
    }
}
