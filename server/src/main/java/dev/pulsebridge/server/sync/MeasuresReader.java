package dev.pulsebridge.server.sync;

import dev.pulsebridge.mapping.PayloadKind;
import dev.pulsebridge.server.withings.WithingsNotificationCategory.DataKind;
import java.util.List;
import java.util.function.Consumer;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Measures: {@code getmeas} by measurement time, or by what changed since the last pass. */
@Component
class MeasuresReader implements WithingsDataReader {

    private final WithingsPages pages;

    MeasuresReader(WithingsPages pages) {
        this.pages = pages;
    }

    @Override
    public DataKind kind() {
        return DataKind.MEASURES;
    }

    @Override
    public void read(long accountId, FetchWindow window, Consumer<FetchedPage> sink) {
        pages.each(accountId, PayloadKind.MEASURE_GROUPS, "/measure", "getmeas", WithingsPages.epochWindow(window), sink);
    }

    /** Every height the user ever entered: BMI needs one, and it is usually years older than the weights. */
    List<FetchedPage> heights(long accountId) {
        return pages.all(accountId, PayloadKind.MEASURE_GROUPS, "/measure", "getmeas", Map.of("meastype", "4"));
    }
}
