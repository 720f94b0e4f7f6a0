package dev.pulsebridge.server.subscription;

/** A Subscription or topic Pulsebridge cannot serve; the message tells the client what to change. */
class InvalidSubscriptionException extends RuntimeException {

    InvalidSubscriptionException(String message) {
        super(message);
    }
}
