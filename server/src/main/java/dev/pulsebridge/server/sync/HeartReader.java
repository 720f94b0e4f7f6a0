package dev.pulsebridge.server.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulsebridge.mapping.PayloadKind;
import dev.pulsebridge.mapping.withings.HeartRecording;
import dev.pulsebridge.server.withings.WithingsNotificationCategory.DataKind;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * ECG recordings: {@code heart list} by recording time and, with {@code pulsebridge.sync.ecg-signals}, each
 * recording's signal ({@code heart get}), added to its item so the recording maps as one record.
 */
@Component
class HeartReader implements WithingsDataReader {

    private final WithingsPages pages;
    private final SyncProperties properties;

    HeartReader(WithingsPages pages, SyncProperties properties) {
        this.pages = pages;
        this.properties = properties;
    }

    @Override
    public DataKind kind() {
        return DataKind.HEART;
    }

    @Override
    public void read(long accountId, FetchWindow window, Consumer<FetchedPage> sink) {
        pages.each(accountId, PayloadKind.HEART_RECORDINGS, "/v2/heart", "list", WithingsPages.epochWindow(window), page -> {
            if (properties.ecgSignals()) {
                page.body().path("series").forEach(recording -> addSignal(accountId, (ObjectNode) recording));
            }
            sink.accept(page);
        });
    }

    private void addSignal(long accountId, ObjectNode recording) {
        JsonNode signalId = recording.path("ecg").path("signalid");
        if (!signalId.canConvertToLong()) {
            return; // the mapper reports the malformed item
        }
        JsonNode signal = pages.one(accountId, "/v2/heart", "get", Map.of("signalid", signalId.asText()));
        recording.set(HeartRecording.SIGNAL_FIELD, signal);
    }
}
