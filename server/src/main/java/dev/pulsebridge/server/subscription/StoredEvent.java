package dev.pulsebridge.server.subscription;

import java.time.Instant;

/** An event of the outbox, numbered: the change of {@code focusType/focusId} to {@code focusVersion}. */
record StoredEvent(long eventNumber, String focusType, String focusId, long focusVersion, Instant occurredAt) {

    String focusReference() {
        return focusType + "/" + focusId;
    }
}
