package dev.pulsebridge.server.sync;

import dev.pulsebridge.server.withings.WithingsNotificationCategory.DataKind;
import dev.pulsebridge.server.withings.WithingsNotificationCategory;
import java.util.Optional;

/**
 * What a Withings notification asks of us, read from {@link WithingsNotificationCategory}: a fetch of one
 * kind of data, the end of the account (a user who unlinked or was deleted), or nothing to fetch (an
 * event that carries no data to read back).
 */
record WithingsNotificationRoute(Optional<DataKind> fetch, boolean accountEnded, String detail) {

    /** Notification windows are widened by this much on each side: Withings' window is a hint, not a bound. */
    static final long WINDOW_MARGIN_SECONDS = 600;

    static WithingsNotificationRoute of(int appli, String action) {
        Optional<WithingsNotificationCategory> category = WithingsNotificationCategory.of(appli);
        if (category.isEmpty()) {
            return new WithingsNotificationRoute(Optional.empty(), false, "appli " + appli + " carries nothing to fetch");
        }
        if (category.get() == WithingsNotificationCategory.USER) {
            return "unlink".equals(action) || "delete".equals(action)
                    ? new WithingsNotificationRoute(Optional.empty(), true, "user " + action + " at Withings: account revoked")
                    : new WithingsNotificationRoute(Optional.empty(), false, "profile " + (action == null ? "change" : action)
                            + ": nothing to fetch");
        }
        Optional<DataKind> fetch = category.get().fetches();
        return new WithingsNotificationRoute(fetch, false, fetch.map(DataKind::reads).orElse(category.get().meaning()));
    }
}
