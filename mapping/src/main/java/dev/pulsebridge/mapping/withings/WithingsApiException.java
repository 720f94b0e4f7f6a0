package dev.pulsebridge.mapping.withings;

/** A Withings envelope whose {@code status} is not 0, or a body that is not what the endpoint returns. */
public class WithingsApiException extends RuntimeException {

    private final int status;

    public WithingsApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** Withings' envelope status, or -1 when the payload itself was malformed. */
    public int status() {
        return status;
    }
}
