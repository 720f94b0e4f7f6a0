package dev.pulsebridge.server.sync;

import dev.pulsebridge.server.background.BackgroundWorker;
import dev.pulsebridge.server.withings.WithingsNotificationCategory.DataKind;
import dev.pulsebridge.server.withings.account.WithingsAccounts;
import dev.pulsebridge.server.withings.webhook.WithingsWebhookInbox.PendingNotification;
import dev.pulsebridge.server.withings.webhook.WithingsWebhookInbox;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns stored Withings notifications into sync work, every {@code pulsebridge.sync.dispatch-interval}.
 * A batch of pending inbox rows is claimed (skipping rows another instance holds), routed, and marked
 * dispatched in the same transaction as the jobs it creates: a crash either keeps the rows pending or
 * commits both, so nothing is lost or doubled.
 */
@Component
class WithingsNotificationDispatcher extends BackgroundWorker {

    private static final int BATCH = 200;

    static final Duration BURST_WINDOW = Duration.ofSeconds(3);
    static final Duration BURST_DELAY = Duration.ofSeconds(1);

    private final WithingsWebhookInbox inbox;
    private final TransactionTemplate transactions;
    private final SyncJobQueue jobs;
    private final WithingsAccounts accounts;
    private final Clock clock;

    private final SyncProperties properties;

    WithingsNotificationDispatcher(WithingsWebhookInbox inbox, TransactionTemplate transactions, SyncJobQueue jobs,
            WithingsAccounts accounts, SyncProperties properties, Clock clock) {
        super("pulsebridge-inbox-dispatch", properties.enabled(), 1, properties.dispatchInterval());
        this.properties = properties;
        this.clock = clock;
        this.inbox = inbox;
        this.transactions = transactions;
        this.jobs = jobs;
        this.accounts = accounts;
    }

    /** A full batch means more may be waiting. */
    @Override
    protected boolean runOnce(String owner) {
        return dispatch(BATCH) == BATCH;
    }

    /** @return how many notifications were dispatched */
    int dispatch(int batchSize) {
        Integer done = transactions.execute(status -> {
            List<PendingNotification> batch = inbox.claimPending(batchSize);
            for (PendingNotification notification : batch) {
                WithingsNotificationRoute route = WithingsNotificationRoute.of(notification.appli(), notification.action());
                route.fetch().ifPresent(kind -> jobs.enqueue(notification.accountId(), JobKind.WEBHOOK, kind,
                        widen(notification.startDate(), -WithingsNotificationRoute.WINDOW_MARGIN_SECONDS),
                        widen(notification.endDate(), WithingsNotificationRoute.WINDOW_MARGIN_SECONDS),
                        delay(notification.accountId(), kind)));
                if (route.accountEnded()) {
                    accounts.revokeWithingsUser(notification.withingsUserId(),
                            "Withings reported the user's " + notification.action() + " (notification appli 46)",
                            notification.receivedAt());
                }
                inbox.markDispatched(notification.id(), route.detail(), clock.instant());
            }
            return batch.size();
        });
        return done == null ? 0 : done;
    }

    /**
     * A lone notification is fetched at once. One arriving right after another for the same data waits a
     * moment, so the rest of a burst (a scale syncing a week of weigh-ins) merges into the same fetch.
     */
    private Duration delay(long accountId, DataKind kind) {
        return jobs.queuedSince(accountId, JobKind.WEBHOOK, kind, clock.instant().minus(BURST_WINDOW))
                ? BURST_DELAY : Duration.ZERO;
    }

    private static Long widen(Long epochSeconds, long by) {
        return epochSeconds == null ? null : epochSeconds + by;
    }
}
