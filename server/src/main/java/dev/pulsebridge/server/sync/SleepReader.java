package dev.pulsebridge.server.sync;

import dev.pulsebridge.mapping.PayloadKind;
import dev.pulsebridge.server.withings.WithingsNotificationCategory.DataKind;
import dev.pulsebridge.terminology.Source;
import java.util.function.Consumer;
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
    public void read(long accountId, FetchWindow window, Consumer<FetchedPage> sink) {
        Map<String, String> nights = WithingsPages.dayWindow(window);
        nights.put("data_fields", FIELDS);
        pages.each(accountId, PayloadKind.SLEEP_SUMMARIES, "/v2/sleep", "getsummary", nights, sink);
    }
}
