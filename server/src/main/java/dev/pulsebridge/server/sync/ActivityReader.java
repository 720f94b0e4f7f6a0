package dev.pulsebridge.server.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulsebridge.mapping.PayloadKind;
import dev.pulsebridge.mapping.withings.ActivityDay;
import dev.pulsebridge.mapping.withings.WithingsPayloads;
import dev.pulsebridge.server.withings.WithingsNotificationCategory.DataKind;
import dev.pulsebridge.terminology.CodeTable;
import dev.pulsebridge.terminology.Source;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * Activity: daily summaries ({@code getactivity}, the fields the code table maps), workouts and, with
 * {@code pulsebridge.sync.intraday-activity}, each day's slices ({@code getintradayactivity}, one 24-hour
 * window per local day) for days since {@code intraday-activity-history} before the link, added to the
 * day's item so the day maps as one record.
 */
@Component
class ActivityReader implements WithingsDataReader {

    private static final String FIELDS = CodeTable.requestFields(Source.ACTIVITY);
    private static final String INTRADAY_FIELDS = CodeTable.requestFields(Source.INTRADAY);

    private final WithingsPages pages;
    private final SeriesHistory history;
    private final SyncProperties properties;

    ActivityReader(WithingsPages pages, SeriesHistory history, SyncProperties properties) {
        this.pages = pages;
        this.history = history;
        this.properties = properties;
    }

    @Override
    public DataKind kind() {
        return DataKind.ACTIVITY;
    }

    @Override
    public void read(long accountId, FetchWindow window, Consumer<FetchedPage> sink) {
        Map<String, String> days = WithingsPages.dayWindow(window);
        days.put("data_fields", FIELDS);
        Instant intradaySince = history.since(accountId, properties.intradayActivity(), properties.intradayActivityHistory());
        pages.each(accountId, PayloadKind.ACTIVITIES, "/v2/measure", "getactivity", days, page -> {
            if (intradaySince != null) {
                addSlices(accountId, page.body(), intradaySince);
            }
            sink.accept(page);
        });
        pages.each(accountId, PayloadKind.WORKOUTS, "/v2/measure", "getworkouts", WithingsPages.dayWindow(window), sink);
    }

    /** Each day's date and zone as the mapper reads them, so the window is the very day it maps. */
    private void addSlices(long accountId, JsonNode page, Instant since) {
        List<ActivityDay> parsed = WithingsPayloads.activities(page).items();
        JsonNode items = page.path("activities");
        for (int i = 0; i < parsed.size(); i++) {
            ActivityDay day = parsed.get(i);
            if (day.date() == null) {
                continue; // the mapper reports the malformed item
            }
            // the day's own midnights: a day with a clock change is 23 or 25 hours long
            long midnight = day.date().atStartOfDay(day.zone()).toEpochSecond();
            long nextMidnight = day.date().plusDays(1).atStartOfDay(day.zone()).toEpochSecond();
            if (!Instant.ofEpochSecond(nextMidnight).isBefore(since)) {
                ((ObjectNode) items.get(i)).set(ActivityDay.INTRADAY_FIELD, slices(accountId, midnight, nextMidnight));
            }
        }
    }

    /** A day without slices still reads as "asked for, none", the same every time. */
    private JsonNode slices(long accountId, long midnight, long nextMidnight) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("startdate", Long.toString(midnight));
        params.put("enddate", Long.toString(nextMidnight - 1));
        params.put("data_fields", INTRADAY_FIELDS);
        JsonNode slices = pages.one(accountId, "/v2/measure", "getintradayactivity", params).path("series");
        return slices.isObject() ? slices : JsonNodeFactory.instance.objectNode();
    }
}
