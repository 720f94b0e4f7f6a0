package dev.pulsebridge.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulsebridge.mapping.fhir.ActivityMapper;
import dev.pulsebridge.mapping.fhir.DeviceListMapper;
import dev.pulsebridge.mapping.fhir.HeartMapper;
import dev.pulsebridge.mapping.fhir.IntradayMapper;
import dev.pulsebridge.mapping.fhir.MappingContext;
import dev.pulsebridge.mapping.fhir.MappingResult;
import dev.pulsebridge.mapping.fhir.MeasureGroupMapper;
import dev.pulsebridge.mapping.fhir.SleepSeriesMapper;
import dev.pulsebridge.mapping.fhir.SleepSummaryMapper;
import dev.pulsebridge.mapping.fhir.WorkoutMapper;
import dev.pulsebridge.mapping.withings.WithingsPayloads;

/** Entry point: a Withings response of a known kind in, FHIR R5 resources out. Stateless and thread-safe. */
public final class WithingsMapper {

    private final MeasureGroupMapper measures = new MeasureGroupMapper();
    private final SleepSummaryMapper sleep = new SleepSummaryMapper();
    private final SleepSeriesMapper sleepSeries = new SleepSeriesMapper();
    private final ActivityMapper activity = new ActivityMapper();
    private final IntradayMapper intraday = new IntradayMapper();
    private final WorkoutMapper workouts = new WorkoutMapper();
    private final HeartMapper heart = new HeartMapper();
    private final DeviceListMapper devices = new DeviceListMapper();

    public MappingResult map(PayloadKind kind, JsonNode payload, MappingContext context) {
        return switch (kind) {
            case MEASURE_GROUPS -> measures.map(WithingsPayloads.measureGroups(payload).items(), context);
            case SLEEP_SUMMARIES -> sleep.map(WithingsPayloads.sleepSummaries(payload).items(), context);
            case SLEEP_SERIES -> sleepSeries.map(WithingsPayloads.sleepStages(payload), context);
            case ACTIVITIES -> activity.map(WithingsPayloads.activities(payload).items(), context);
            case INTRADAY_ACTIVITY -> intraday.map(WithingsPayloads.intradayActivity(payload), java.time.ZoneOffset.UTC, context);
            case WORKOUTS -> workouts.map(WithingsPayloads.workouts(payload).items(), context);
            case HEART_RECORDINGS -> heart.map(WithingsPayloads.heartRecordings(payload).items(), context);
            case DEVICES -> devices.map(WithingsPayloads.devices(payload), context);
        };
    }

    public MappingResult map(PayloadKind kind, String json, MappingContext context) {
        return map(kind, WithingsPayloads.parse(json), context);
    }
}
