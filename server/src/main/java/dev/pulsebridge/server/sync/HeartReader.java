package dev.pulsebridge.server.sync;

import dev.pulsebridge.mapping.PayloadKind;
import dev.pulsebridge.server.withings.WithingsNotificationCategory.DataKind;
import java.util.List;
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
    public List<FetchedPage> read(long accountId, FetchWindow window) {
        return pages.all(accountId, PayloadKind.HEART_RECORDINGS, "/v2/heart", "list", WithingsPages.epochWindow(window));
    }
}
