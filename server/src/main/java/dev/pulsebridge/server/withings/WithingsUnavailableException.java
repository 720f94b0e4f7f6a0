package dev.pulsebridge.server.withings;

/**
 * Withings could not answer right now (HTTP 5xx, a timeout, envelope status 522, 601 or an "error occurred"
 * status). Worth retrying later; never a reason to disconnect anyone.
 */
public class WithingsUnavailableException extends RuntimeException {

    public WithingsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
