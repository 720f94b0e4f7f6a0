package dev.pulsebridge.server.sync.queue;

import java.util.Locale;

/** Which Withings data a job reads. */
public enum DataKind {
    /** getmeas: body composition, blood pressure, temperature, SpO2 (applis 1, 2, 4). */
    MEASURES,
    /** getactivity and getworkouts (appli 16). */
    ACTIVITY,
    /** sleep getsummary (appli 44). */
    SLEEP,
    /** heart list (appli 54). */
    HEART,
    /** the account itself: webhook subscriptions, devices. */
    ACCOUNT;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    static DataKind fromCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
