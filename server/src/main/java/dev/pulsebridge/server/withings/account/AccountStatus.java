package dev.pulsebridge.server.withings.account;

import java.util.Locale;

/** Where a patient's Withings link stands. */
public enum AccountStatus {
    /** Tokens work; data can flow. */
    CONNECTED,
    /** Withings refused our tokens; the patient must open a new link. Nothing retries until then. */
    DISCONNECTED,
    /** Ended on purpose ($withings-disconnect, or the user unlinked or deleted the account at Withings). */
    REVOKED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    static AccountStatus fromCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
