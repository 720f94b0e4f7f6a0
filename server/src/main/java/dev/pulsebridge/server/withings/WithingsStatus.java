package dev.pulsebridge.server.withings;

import java.util.Set;

/**
 * What an envelope {@code status} from Withings means for a token. Only statuses that say the
 * credentials themselves are bad end a connection; anything unknown is treated as transient, because a
 * needless forced re-login is the failure users hate most.
 */
public final class WithingsStatus {

    public static final int OK = 0;
    public static final int INVALID_TOKEN = 401;
    /** On requesttoken: the code or refresh token is invalid or expired. */
    public static final int INVALID_PARAMS = 503;
    /** Too many requests; the body may carry {@code wait_seconds}. */
    public static final int TOO_MANY_REQUESTS = 601;

    private static final Set<Integer> CREDENTIALS_REJECTED = Set.of(100, 101, 102, 200, 401, 503);
    private static final Set<Integer> APP_NOT_ALLOWED = Set.of(214, 277, 2553, 2554, 2555);

    private WithingsStatus() {
    }

    /** True when a refresh answered this way can never succeed by retrying: the patient must relink. */
    public static boolean rejectsRefresh(int status) {
        return CREDENTIALS_REJECTED.contains(status) || APP_NOT_ALLOWED.contains(status);
    }
}
