package dev.pulsebridge.server.sync;

import dev.pulsebridge.mapping.PayloadKind;
import dev.pulsebridge.server.withings.WithingsNotificationCategory.DataKind;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/** ECG recordings: {@code heart list} by recording time. */
@Component
class HeartReader implements WithingsDataReader {

    private final WithingsPages pages;

    HeartReader(WithingsPages pages) {
        this.pages = pages;
    }

    @Override
    public DataKind kind() {
        return DataKind.HEART;
    }

    @Override
    public void read(long accountId, FetchWindow window, Consumer<FetchedPage> sink) {
        pages.each(accountId, PayloadKind.HEART_RECORDINGS, "/v2/heart", "list", WithingsPages.epochWindow(window), sink);
    }
}
