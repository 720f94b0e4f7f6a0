package dev.pulsebridge.server.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulsebridge.mapping.PayloadKind;
import dev.pulsebridge.mapping.withings.SleepSummary;
import dev.pulsebridge.server.withings.WithingsNotificationCategory.DataKind;
import dev.pulsebridge.terminology.CodeTable;
import dev.pulsebridge.terminology.Source;
import java.time.Instant;
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

    private static final String SUMMARY_FIELDS = CodeTable.requestFields(Source.SLEEP);
    private static final String SERIES_FIELDS = CodeTable.requestFields(Source.SLEEP_SERIES);

    private final WithingsPages pages;
    private final SeriesHistory history;
    private final SyncProperties properties;

    SleepReader(WithingsPages pages, SeriesHistory history, SyncProperties properties) {
        this.pages = pages;
        this.history = history;
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
        Instant seriesSince = history.since(accountId, properties.sleepSeries(), properties.sleepSeriesHistory());
        pages.each(accountId, PayloadKind.SLEEP_SUMMARIES, "/v2/sleep", "getsummary", nights, page -> {
            if (seriesSince != null) {
                page.body().path("series").forEach(night -> addSeries(accountId, (ObjectNode) night, seriesSince));
            }
            sink.accept(page);
        });
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
