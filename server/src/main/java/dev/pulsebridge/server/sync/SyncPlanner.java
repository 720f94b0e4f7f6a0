package dev.pulsebridge.server.sync;

import dev.pulsebridge.server.withings.WithingsNotificationCategory.DataKind;
import dev.pulsebridge.server.withings.account.WithingsAccountEvent;
import dev.pulsebridge.server.withings.link.BackfillSpan;
import dev.pulsebridge.server.withings.link.WithingsLinks;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
            if (span.none()) {
                return 0;
            }
            List<long[]> cuts = windows(from, end, properties.backfillWindow().toSeconds());
            for (long[] window : cuts) {
                for (DataKind kind : DataKind.health()) {
                    jobs.enqueue(connected.accountId(), JobKind.BACKFILL, kind, window[0], window[1]);
                }
            }
            return cuts.size();
        });
        log.info("Account {} (Patient/{}) linked: webhooks to subscribe, backfill since {} planned in {} windows",
                connected.accountId(), connected.patientId(), Instant.ofEpochSecond(from), windows);
    }

    /**
     * {@code [from, end]} cut into equal windows, newest first, each within half a window of {@code length}:
     * a year and a day is one window, not a year and a window of one day that costs as many calls.
     */
    static List<long[]> windows(long from, long end, long length) {
        long span = end - from + 1;
        long count = Math.max(1, (span + length / 2) / length);
        List<long[]> windows = new ArrayList<>();
        long windowEnd = end;
        for (long i = count; i > 0; i--) {
            long windowStart = i == 1 ? from : windowEnd - span / count + 1;
            windows.add(new long[] {windowStart, windowEnd});
            windowEnd = windowStart - 1;
        }
        return windows;
    }

    /** What the link the patient used asked for, else the server's default. */
    private String requestedBackfill(String patientId) {
        return links.lastCompleted(patientId).map(WithingsLinks.CompletedLink::backfill).orElse(properties.backfill());
    }
}
