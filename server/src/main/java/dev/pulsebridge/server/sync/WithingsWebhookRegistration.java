package dev.pulsebridge.server.sync;

import dev.pulsebridge.mapping.withings.NotifySubscription;
import dev.pulsebridge.server.withings.PublicUrls;
import dev.pulsebridge.server.withings.WithingsNotificationCategory;
import dev.pulsebridge.server.withings.account.WithingsAccount;
import dev.pulsebridge.server.withings.link.WithingsLinks;
import dev.pulsebridge.server.withings.notify.WithingsNotifySubscriptions;
import dev.pulsebridge.server.withings.webhook.WithingsWebhookSecret;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Makes Withings notify us about an account: the notification categories its scopes allow, at our
 * webhook URL, each subscribed once (what {@code notify list} already has is left alone). When Withings
 * cannot reach us (the public URL is not HTTPS on 443) or subscribing fails, the account is polled
 * instead, and status says why.
 */
@Component
class WithingsWebhookRegistration {

    private final WithingsNotifySubscriptions notify;
    private final SyncAccountStore syncAccounts;
    private final WithingsWebhookSecret secret;
    private final PublicUrls urls;
    private final SyncProperties properties;
    private final WithingsLinks links;
    private final Clock clock;

    WithingsWebhookRegistration(WithingsNotifySubscriptions notify, SyncAccountStore syncAccounts, WithingsWebhookSecret secret, PublicUrls urls,
            SyncProperties properties, WithingsLinks links, Clock clock) {
        this.clock = clock;
        this.notify = notify;
        this.syncAccounts = syncAccounts;
        this.secret = secret;
        this.urls = urls;
        this.properties = properties;
        this.links = links;
    }

    /** Subscribes what is missing; on failure switches the account to polling and rethrows for a retry. */
    void ensure(WithingsAccount account) {
        Instant now = clock.instant();
        Optional<String> base = publicBase(account.patientId());
        if (base.isEmpty() || !reachable(base.get(), properties.allowInsecureWebhookUrl())) {
            syncAccounts.webhooks(account.id(), SyncAccountState.POLLING, "Withings only calls webhooks on HTTPS port "
                    + "443 and the public URL is " + base.orElse("not known") + " (set pulsebridge.public-base-url); "
                    + "polling every " + properties.pollingInterval().toMinutes() + " min instead", null, now, now);
            return;
        }
        String callback = base.get() + PublicUrls.WEBHOOK_PATH + secret.value();
        Set<Integer> wanted = WithingsNotificationCategory.subscribedWith(account.scopes());
        try {
            Set<Integer> present = notify.list(account.id()).stream()
                    .filter(subscription -> callback.equals(subscription.callbackUrl()))
                    .map(NotifySubscription::appli)
                    .collect(Collectors.toSet());
            for (int appli : wanted) {
                if (!present.contains(appli)) {
                    notify.subscribe(account.id(), callback, appli);
                }
            }
        } catch (RuntimeException e) {
            syncAccounts.webhooks(account.id(), SyncAccountState.POLLING, "Subscribing webhooks failed ("
                    + e.getMessage() + "); polling every " + properties.pollingInterval().toMinutes()
                    + " min until a retry succeeds", null, now, now);
            throw e;
        }
        syncAccounts.webhooks(account.id(), SyncAccountState.SUBSCRIBED, "Withings notifies "
                + base.get() + PublicUrls.WEBHOOK_PATH + "{secret}", join(wanted), now, null);
    }

    /** Withings calls webhooks on HTTPS port 443 only. */
    static boolean reachable(String base, boolean allowInsecure) {
        if (allowInsecure) {
            return true;
        }
        URI uri = URI.create(base);
        return "https".equalsIgnoreCase(uri.getScheme()) && (uri.getPort() == -1 || uri.getPort() == 443);
    }

    /** Configured, or else the base the patient's browser used when linking. */
    private Optional<String> publicBase(String patientId) {
        Optional<String> configured = urls.configured();
        return configured.isPresent() ? configured
                : links.lastCompleted(patientId).map(WithingsLinks.CompletedLink::publicBase);
    }

    private static String join(Set<Integer> applis) {
        return applis.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
