package dev.pulsebridge.server.withings.account;

/** The Withings user is linked to another patient; that patient's $withings-disconnect frees it. */
public class AlreadyLinkedException extends RuntimeException {

    public AlreadyLinkedException(String withingsUserId, String otherPatientId) {
        super("Withings user " + withingsUserId + " is already linked to Patient/" + otherPatientId);
    }
}
