package dev.pulsebridge.server.withings.notify;

import dev.pulsebridge.mapping.withings.NotifySubscription;
import dev.pulsebridge.mapping.withings.WithingsPayloads;
import dev.pulsebridge.server.withings.api.RepeatedRequestException;
import dev.pulsebridge.server.withings.api.WithingsApiClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** An account's webhook subscriptions at Withings ({@code /notify}). */
@Component
public class WithingsNotifySubscriptions {

    private static final String NOTIFY = "/notify";

    private final WithingsApiClient api;

    WithingsNotifySubscriptions(WithingsApiClient api) {
        this.api = api;
    }

    /** What Withings will notify for this account; subscriptions are per user and per app, so all are ours. */
    public List<NotifySubscription> list(long accountId) {
        try {
            return WithingsPayloads.notifySubscriptions(api.call(accountId, NOTIFY, "list", Map.of()));
        } catch (RepeatedRequestException justAsked) {
            // the sync engine listed them moments ago (right after linking, say): wait out Withings' 10 s rule
            sleep(justAsked.waitBeforeRetry());
            return WithingsPayloads.notifySubscriptions(api.call(accountId, NOTIFY, "list", Map.of()));
        }
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting to list webhook subscriptions", e);
        }
    }

    public void subscribe(long accountId, String callbackUrl, int appli) {
        api.call(accountId, NOTIFY, "subscribe", Map.of(
                "callbackurl", callbackUrl,
                "appli", Integer.toString(appli),
                "comment", "Pulsebridge"));
    }

    /** Revokes every subscription of the account and returns how many there were. */
    public int revokeAll(long accountId) {
        List<NotifySubscription> subscriptions = list(accountId);
        for (NotifySubscription subscription : subscriptions) {
            api.call(accountId, NOTIFY, "revoke", Map.of(
                    "callbackurl", subscription.callbackUrl(),
                    "appli", Integer.toString(subscription.appli())));
        }
        return subscriptions.size();
    }
}
