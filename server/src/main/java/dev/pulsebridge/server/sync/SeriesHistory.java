package dev.pulsebridge.server.sync;

import dev.pulsebridge.server.withings.account.WithingsAccount;
import dev.pulsebridge.server.withings.account.WithingsAccounts;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.springframework.stereotype.Component;

/**
 * Which records get their high-resolution series (a night's sleep get, a day's intraday activity): those
 * ending at or after whole days (UTC) before the day of the link. Anchored on the link, not on today, so
 * re-reading a record always treats it the same (one read with series and one without would see its
 * series withdrawn), and patients linked the same day are treated alike whatever the hour.
 */
@Component
class SeriesHistory {

    private final WithingsAccounts accounts;

    SeriesHistory(WithingsAccounts accounts) {
        this.accounts = accounts;
    }

    /** @return records ending at or after this get their series; null: none do */
    Instant since(long accountId, boolean enabled, Duration history) {
        if (!enabled) {
            return null;
        }
        Instant linkedAt = accounts.byId(accountId).map(WithingsAccount::linkedAt).orElse(null);
        return linkedAt == null ? null : linkedAt.truncatedTo(ChronoUnit.DAYS).minus(history.toDays(), ChronoUnit.DAYS);
    }
}
