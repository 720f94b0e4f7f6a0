package dev.pulsebridge.server.withings.link;

/** What became of a patient's return from the Withings consent page. */
public sealed interface LinkOutcome {

    record Linked(String patientId, String withingsUserId, boolean relinked) implements LinkOutcome {
    }

    /** Unknown state, or a link that expired or was already used. */
    record LinkExpired() implements LinkOutcome {
    }

    record ConsentDenied(String withingsError) implements LinkOutcome {
    }

    /** Withings refused the code or could not be reached; opening the same link again starts over. */
    record ExchangeFailed(String reason) implements LinkOutcome {
    }

    record AlreadyLinked(String withingsUserId) implements LinkOutcome {
    }
}
