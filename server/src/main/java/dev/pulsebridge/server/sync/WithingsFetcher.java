package dev.pulsebridge.server.sync;

import dev.pulsebridge.server.withings.WithingsNotificationCategory.DataKind;
import java.util.EnumMap;
import java.util.List;
import java.util.function.Consumer;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The fetch stage: reads one kind of Withings data for a window, through the reader for that kind. */
@Component
class WithingsFetcher {

    private final Map<DataKind, WithingsDataReader> readers = new EnumMap<>(DataKind.class);
    private final MeasuresReader measures;

    WithingsFetcher(List<WithingsDataReader> readers, MeasuresReader measures) {
        readers.forEach(reader -> this.readers.put(reader.kind(), reader));
        this.measures = measures;
        DataKind.health().forEach(kind -> {
            if (!this.readers.containsKey(kind)) {
                throw new IllegalStateException("No WithingsDataReader reads " + kind);
            }
        });
    }

    void fetch(long accountId, DataKind kind, FetchWindow window, Consumer<FetchedPage> sink) {
        WithingsDataReader reader = readers.get(kind);
        if (reader == null) {
            throw new IllegalArgumentException("the " + kind.code() + " data kind has nothing to fetch");
        }
        reader.read(accountId, window, sink);
    }

    /** Every height the user ever entered (BMI needs one before the first weights are mapped). */
    List<FetchedPage> heights(long accountId) {
        return measures.heights(accountId);
    }
}
