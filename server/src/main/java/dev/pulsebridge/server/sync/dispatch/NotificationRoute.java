package dev.pulsebridge.server.sync.dispatch;

import dev.pulsebridge.server.sync.queue.DataKind;
import java.util.Optional;

/**
 * What a Withings notification category ({@code appli}) asks of us: a fetch of one kind of data, an
 * account change, or nothing to fetch (an event that carries no data to read back).
 */
public record NotificationRoute(Optional<DataKind> fetch, boolean accountEnded, String detail) {

    /** Notification windows are widened by this much on each side: Withings' window is a hint, not a bound. */
    public static final long WINDOW_MARGIN_SECONDS = 600;

    public static NotificationRoute of(int appli, String action) {
        return switch (appli) {
            case 1, 2, 4, 58 -> fetch(DataKind.MEASURES, "getmeas");
            case 16 -> fetch(DataKind.ACTIVITY, "getactivity + getworkouts");
            case 44 -> fetch(DataKind.SLEEP, "sleep getsummary");
            case 54 -> fetch(DataKind.HEART, "heart list");
            case 46 -> "unlink".equals(action) || "delete".equals(action)
                    ? new NotificationRoute(Optional.empty(), true, "user " + action + " at Withings: account revoked")
                    : new NotificationRoute(Optional.empty(), false, "profile " + (action == null ? "change" : action)
                            + ": nothing to fetch");
            case 50 -> event("bed in");
            case 51 -> event("bed out");
            case 52 -> event("sleep mat inflated");
            case 55 -> event("ECG measurement failed on the device");
            default -> event("appli " + appli + " carries nothing to fetch");
        };
    }

    private static NotificationRoute fetch(DataKind kind, String what) {
        return new NotificationRoute(Optional.of(kind), false, what);
    }

    private static NotificationRoute event(String what) {
        return new NotificationRoute(Optional.empty(), false, what);
    }
}
