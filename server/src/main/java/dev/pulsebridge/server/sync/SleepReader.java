package dev.pulsebridge.server.sync;

import dev.pulsebridge.mapping.PayloadKind;
import dev.pulsebridge.server.withings.WithingsNotificationCategory.DataKind;
import dev.pulsebridge.terminology.Source;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Sleep: one summary per night ({@code sleep getsummary}, the fields the code table maps). */
@Component
class SleepReader implements WithingsDataReader {

    private static final String FIELDS = WithingsPages.dataFields(Source.SLEEP);

    private final WithingsPages pages;

    SleepReader(WithingsPages pages) {
        this.pages = pages;
    }

    @Override
    public DataKind kind() {
        return DataKind.SLEEP;
    }

    @Override
    public List<FetchedPage> read(long accountId, FetchWindow window) {
        Map<String, String> nights = WithingsPages.dayWindow(window);
        nights.put("data_fields", FIELDS);
        return pages.all(accountId, PayloadKind.SLEEP_SUMMARIES, "/v2/sleep", "getsummary", nights);
    }
}
