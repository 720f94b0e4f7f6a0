package dev.pulsebridge.server.sync;

import dev.pulsebridge.mapping.PayloadKind;
import dev.pulsebridge.server.withings.WithingsNotificationCategory.DataKind;
import dev.pulsebridge.terminology.Source;
import java.util.ArrayList;
import java.util.List;
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
    public List<FetchedPage> read(long accountId, FetchWindow window) {
        Map<String, String> days = WithingsPages.dayWindow(window);
        days.put("data_fields", FIELDS);
        List<FetchedPage> read = new ArrayList<>(
                pages.all(accountId, PayloadKind.ACTIVITIES, "/v2/measure", "getactivity", days));
        read.addAll(pages.all(accountId, PayloadKind.WORKOUTS, "/v2/measure", "getworkouts",
                WithingsPages.dayWindow(window)));
        return read;
    }
}
