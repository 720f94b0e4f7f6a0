package dev.pulsebridge.server.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulsebridge.mapping.PayloadKind;
import dev.pulsebridge.mapping.withings.SleepSummary;
import dev.pulsebridge.server.withings.WithingsNotificationCategory.DataKind;
import dev.pulsebridge.server.withings.account.WithingsAccount;
import dev.pulsebridge.server.withings.account.WithingsAccounts;
import dev.pulsebridge.terminology.Source;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * Sleep: one summary per night ({@code sleep getsummary}, the fields the code table maps) and, for nights
 * since {@code pulsebridge.sync.sleep-series-history} before the link, the night's stages and per-minute
 * series ({@code sleep get}), added to the night's item so the night maps as one record.
 */
@Component
class SleepReader implements WithingsDataReader {

    private static final String SUMMARY_FIELDS = WithingsPages.dataFields(Source.SLEEP);
    private static final String SERIES_FIELDS = WithingsPages.dataFields(Source.SLEEP_SERIES);

    private final WithingsPages pages;
    private final WithingsAccounts accounts;
    private final SyncProperties properties;

    SleepReader(WithingsPages pages, WithingsAccounts accounts, SyncProperties properties) {
        this.pages = pages;
        this.accounts = accounts;
        this.properties = properties;
    }

    @Override
    public DataKind kind() {
        return DataKind.SLEEP;
    }

    @Override
    public void read(long accountId, FetchWindow window, Consumer<FetchedPage> sink) {
        Map<String, String> nights = WithingsPages.dayWindow(window);
        nights.put("data_fields", SUMMARY_FIELDS);
        Instant seriesSince = seriesSince(accountId);
        pages.each(accountId, PayloadKind.SLEEP_SUMMARIES, "/v2/sleep", "getsummary", nights, page -> {
            if (seriesSince != null) {
                page.body().path("series").forEach(night -> addSeries(accountId, (ObjectNode) night, seriesSince));
            }
            sink.accept(page);
        });
    }

    /**
     * Nights ending at or after this get their series; null: none do. Whole days (UTC) before the day of the
     * link, so patients linked the same day are treated alike whatever the hour.
     */
    private Instant seriesSince(long accountId) {
        if (!properties.sleepSeries()) {
            return null;
        }
        Instant linkedAt = accounts.byId(accountId).map(WithingsAccount::linkedAt).orElse(null);
        return linkedAt == null ? null
                : linkedAt.truncatedTo(ChronoUnit.DAYS).minus(properties.sleepSeriesHistory().toDays(), ChronoUnit.DAYS);
    }

    private void addSeries(long accountId, ObjectNode night, Instant seriesSince) {
        long start = night.path("startdate").asLong();
        long end = night.path("enddate").asLong();
        if (end <= start || Instant.ofEpochSecond(end).isBefore(seriesSince)) {
            return;
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("startdate", Long.toString(start));
        params.put("enddate", Long.toString(end));
        params.put("data_fields", SERIES_FIELDS);
        JsonNode series = pages.one(accountId, "/v2/sleep", "get", params).path("series");
        // a night without stages still reads as "series asked for, none", the same every time
        night.set(SleepSummary.STAGES_FIELD, series.isArray() ? series : night.arrayNode());
    }
}
