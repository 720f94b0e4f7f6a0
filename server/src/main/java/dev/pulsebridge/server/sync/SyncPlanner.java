package dev.pulsebridge.server.sync;

import dev.pulsebridge.server.withings.WithingsNotificationCategory.DataKind;
import dev.pulsebridge.server.withings.account.WithingsAccountEvent;
import dev.pulsebridge.server.withings.link.BackfillSpan;
import dev.pulsebridge.server.withings.link.WithingsLinks;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns account changes into sync work. A (re)link subscribes webhooks and plans the backfill as windows,
 * newest first, for every data kind, so this week's readings arrive before last year's; incremental
 * sync starts reading changes from the moment of linking. A revoked account's pending work is dropped.
 */
@Component
class SyncPlanner {

    private static final Logger log = LoggerFactory.getLogger(SyncPlanner.class);

    private final SyncJobQueue jobs;
    private final SyncAccountStore syncAccounts;
    private final SyncCursorStore cursors;
    private final SyncProperties properties;
    private final WithingsLinks links;
    /** Events arrive after the account's transaction committed; our writes need a transaction of their own. */
    private final TransactionTemplate ownTransaction;
    private final Clock clock;

    SyncPlanner(SyncJobQueue jobs, SyncAccountStore syncAccounts, SyncCursorStore cursors, SyncProperties properties, WithingsLinks links,
            PlatformTransactionManager transactionManager, Clock clock) {
        this.clock = clock;
        this.jobs = jobs;
        this.syncAccounts = syncAccounts;
        this.cursors = cursors;
        this.properties = properties;
        this.links = links;
        this.ownTransaction = new TransactionTemplate(transactionManager);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @EventListener
    public void on(WithingsAccountEvent event) {
        if (event instanceof WithingsAccountEvent.Connected connected) {
            plan(connected);
        } else if (event instanceof WithingsAccountEvent.Revoked revoked) {
            ownTransaction.executeWithoutResult(status -> jobs.cancelPending(revoked.accountId()));
        }
        // Disconnected: pending work waits, since workers only take jobs of connected accounts
    }

    private void plan(WithingsAccountEvent.Connected connected) {
        Instant now = clock.instant();
        BackfillSpan span = BackfillSpan.parse(requestedBackfill(connected.patientId()));
        long from = span.from(now).getEpochSecond();
        long end = now.getEpochSecond();
        int windows = ownTransaction.execute(status -> {
            syncAccounts.startPlan(connected.accountId(), from, now, now.plus(properties.reconcileInterval()));
            DataKind.health().forEach(kind -> cursors.advance(connected.accountId(), kind, end));
            jobs.enqueue(connected.accountId(), JobKind.SUBSCRIBE, DataKind.ACCOUNT, null, null);
            long step = properties.backfillWindow().toSeconds();
            int count = 0;
            for (long windowEnd = end; !span.none() && windowEnd >= from; windowEnd -= step) {
                long windowStart = Math.max(from, windowEnd - step + 1);
                for (DataKind kind : DataKind.health()) {
                    jobs.enqueue(connected.accountId(), JobKind.BACKFILL, kind, windowStart, windowEnd);
                }
                count++;
            }
            return count;
        });
        log.info("Account {} (Patient/{}) linked: webhooks to subscribe, backfill since {} planned in {} windows",
                connected.accountId(), connected.patientId(), Instant.ofEpochSecond(from), windows);
    }

    /** What the link the patient used asked for, else the server's default. */
    private String requestedBackfill(String patientId) {
        return links.lastCompleted(patientId).map(WithingsLinks.CompletedLink::backfill).orElse(properties.backfill());
    }
}
