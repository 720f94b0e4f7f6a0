package dev.pulsebridge.mapping.withings;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * A getsummary {@code series[]} item: one night.
 *
 * @param id Withings' id of the night; older payloads have none
 * @param sourceType 16 tracker (watch), 32 sleep monitor (mat)
 * @param numbers numeric {@code data} fields exactly as sent (in Withings units; {@code -1} kept)
 * @param texts textual {@code data} fields (core body temperature status)
 * @param nightEvents event type to offsets in seconds from {@code start}, whether Withings sent an
 *     object or a JSON string
 * @param stages the night's sleep {@code get} series, when the reader fetched them and added them to the
 *     item under {@link #STAGES_FIELD}; empty otherwise
 */
public record SleepSummary(Long id, ZoneId zone, Integer sourceType, Integer modelId, String hashDeviceId,
        Instant start, Instant end, LocalDate date, Instant created, Instant modified,
        Map<String, BigDecimal> numbers, Map<String, String> texts, Map<String, List<Long>> nightEvents,
        List<SleepStages> stages) {

    /** Where Pulsebridge puts a night's sleep get series inside its getsummary item (Withings never sends it). */
    public static final String STAGES_FIELD = "sleep_get_series";

    public SleepSummary {
        numbers = Map.copyOf(numbers);
        texts = Map.copyOf(texts);
        nightEvents = Map.copyOf(nightEvents);
        stages = List.copyOf(stages);
    }

    /** {@code sleep:<id>}, or the start time for payloads without an id. */
    public String naturalKey() {
        return id != null ? id.toString() : "start-" + start.getEpochSecond();
    }
}
