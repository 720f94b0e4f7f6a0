package dev.pulsebridge.server.withings.oauth;

/** Withings refused a code or refresh token for good (envelope status 503, 100-102, 401, ...). */
public class WithingsTokenRejectedException extends RuntimeException {

    private final int status;

    public WithingsTokenRejectedException(int status, String withingsError) {
        super("Withings answered status " + status + (withingsError == null || withingsError.isBlank() ? ""
                : " (" + withingsError + ")"));
        this.status = status;
    }

    public int status() {
        return status;
    }
}
