package dev.pulsebridge.server.withings;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Every Withings notification category ({@code appli}) Pulsebridge knows, in one table: what it means,
 * the OAuth scope that allows subscribing to it, the data it asks us to read back, and whether we
 * subscribe to it. The webhook parser, the subscriber, the sync engine's routing and the status all read
 * this table; a new kind of Withings data is a row here (and a {@link DataKind}), a fetcher and a mapper.
 */
public enum WithingsNotificationCategory {

    WEIGHT(1, "weight and body composition", "user.metrics", DataKind.MEASURES, true),
    TEMPERATURE(2, "temperature", "user.metrics", DataKind.MEASURES, true),
    PRESSURE(4, "blood pressure, pulse and SpO2", "user.metrics", DataKind.MEASURES, true),
    ACTIVITY(16, "activity and workouts", "user.activity", DataKind.ACTIVITY, true),
    SLEEP(44, "sleep", "user.activity", DataKind.SLEEP, true),
    /** {@code action} says what happened: {@code unlink} and {@code delete} end the link, {@code update} does not. */
    USER(46, "profile", "user.info", null, true),
    BED_IN(50, "bed in", "user.sleepevents", null, true),
    BED_OUT(51, "bed out", "user.sleepevents", null, true),
    MAT_INFLATED(52, "sleep mat inflated", "user.sleepevents", null, false),
    ECG(54, "ECG", "user.metrics", DataKind.HEART, true),
    ECG_FAILED(55, "ECG measurement failed on the device", "user.metrics", null, false),
    GLUCOSE(58, "glucose", "user.metrics", DataKind.MEASURES, false);

    /** Which Withings data a sync job reads, and the calls that read it. */
    public enum DataKind {
        MEASURES("getmeas"),
        SLEEP("sleep getsummary, sleep get"),
        ACTIVITY("getactivity + getworkouts"),
        HEART("heart list, heart get"),
        /** the account itself: webhook subscriptions, devices */
        ACCOUNT("notify list");

        private final String reads;

        DataKind(String reads) {
            this.reads = reads;
        }

        /** The Withings calls that read this data, for status and logs. */
        public String reads() {
            return reads;
        }

        /** The name stored in the database and shown in status. */
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static DataKind fromCode(String code) {
            return valueOf(code.toUpperCase(Locale.ROOT));
        }

        /** Every kind of health data, in the order a plan reads them (the account itself excluded). */
        public static List<DataKind> health() {
            return Arrays.stream(values()).filter(kind -> kind != ACCOUNT).toList();
        }
    }

    private final int appli;
    private final String meaning;
    private final String scope;
    private final DataKind fetches;
    private final boolean subscribed;

    WithingsNotificationCategory(int appli, String meaning, String scope, DataKind fetches, boolean subscribed) {
        this.appli = appli;
        this.meaning = meaning;
        this.scope = scope;
        this.fetches = fetches;
        this.subscribed = subscribed;
    }

    public int appli() {
        return appli;
    }

    public String meaning() {
        return meaning;
    }

    /** The data to read back from Withings; empty for events that carry everything there is to know. */
    public Optional<DataKind> fetches() {
        return Optional.ofNullable(fetches);
    }

    public static Optional<WithingsNotificationCategory> of(int appli) {
        return Arrays.stream(values()).filter(category -> category.appli == appli).findFirst();
    }

    /** Every appli code in the table, in order (what a webhook may carry). */
    public static Set<Integer> knownApplis() {
        return Arrays.stream(values()).map(WithingsNotificationCategory::appli)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The applis we subscribe to for a user who granted {@code scopes}. */
    public static Set<Integer> subscribedWith(Collection<String> scopes) {
        Set<String> granted = scopes.stream().map(String::trim).collect(Collectors.toSet());
        return Arrays.stream(values()).filter(category -> category.subscribed && granted.contains(category.scope))
                .map(WithingsNotificationCategory::appli).collect(Collectors.toCollection(TreeSet::new));
    }
}
