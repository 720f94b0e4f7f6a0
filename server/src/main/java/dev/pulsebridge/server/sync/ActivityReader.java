package dev.pulsebridge.server.sync;

import dev.pulsebridge.mapping.PayloadKind;
import dev.pulsebridge.server.withings.WithingsNotificationCategory.DataKind;
import dev.pulsebridge.terminology.Source;
import java.util.function.Consumer;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Activity: daily summaries ({@code getactivity}, the fields the code table maps) and workouts. */
@Component
class ActivityReader implements WithingsDataReader {

    private static final String FIELDS = WithingsPages.dataFields(Source.ACTIVITY);

    private final WithingsPages pages;

    ActivityReader(WithingsPages pages) {
        this.pages = pages;
    }

    @Override
    public DataKind kind() {
        return DataKind.ACTIVITY;
    }

    @Override
    public void read(long accountId, FetchWindow window, Consumer<FetchedPage> sink) {
        Map<String, String> days = WithingsPages.dayWindow(window);
        days.put("data_fields", FIELDS);
        pages.each(accountId, PayloadKind.ACTIVITIES, "/v2/measure", "getactivity", days, sink);
        pages.each(accountId, PayloadKind.WORKOUTS, "/v2/measure", "getworkouts", WithingsPages.dayWindow(window), sink);
    }
}
