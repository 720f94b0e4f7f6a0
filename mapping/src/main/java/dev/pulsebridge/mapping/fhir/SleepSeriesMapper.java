package dev.pulsebridge.mapping.fhir;

import dev.pulsebridge.mapping.withings.SleepStages;
import dev.pulsebridge.terminology.Canonicals;
import dev.pulsebridge.terminology.CodeTable;
import dev.pulsebridge.terminology.Metric;
import dev.pulsebridge.terminology.Source;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.hl7.fhir.r5.model.Observation;

/**
 * A night's high-frequency data (sleep {@code get}) to one Observation per series: the stages as a coded
 * series, and each sampled field (heart rate, respiratory rate, HRV...) as a numeric one, all under the
 * night's key, so they belong to the night's record and its panel.
 */
public final class SleepSeriesMapper {

    /** What a night's stages become; {@code deviceKey} is the device of the night, if known. */
    record NightSeries(List<Observation> observations, String deviceKey) {
    }

    /**
     * A sleep {@code get} answer on its own (no summary to attach it to): one night's series, keyed by the
     * night's first stage as a night without a Withings id is.
     */
    public MappingResult map(List<SleepStages> stages, MappingContext context) {
        MappingResult.Builder result = MappingResult.builder();
        if (stages.isEmpty()) {
            return result.build();
        }
        Instant first = stages.stream().map(SleepStages::start).min(Comparator.naturalOrder()).orElseThrow();
        String nightKey = "start-" + first.getEpochSecond();
        String recordKey = "sleep-get:" + nightKey;
        NightSeries night = map(stages, "sleep." + nightKey, ZoneId.of("UTC"), recordKey, context, result);
        addDevice(stages, night.deviceKey(), context, result);
        result.record(recordKey, new ArrayList<>(night.observations()));
        return result.build();
    }

    /** The Device the series were recorded by, unless the caller already added it. */
    static void addDevice(List<SleepStages> stages, String deviceKey, MappingContext context, MappingResult.Builder result) {
        if (deviceKey == null) {
            return;
        }
        SleepStages described = stages.stream().filter(stage -> deviceKey.equals(stage.hashDeviceId())).findFirst()
                .orElseThrow();
        Devices.fromDataRow(deviceKey, described.model(), described.modelId(), context).forEach(result::device);
    }

    /**
     * @param stages     the night's stage rows, in any order (Withings does not sort them)
     * @param nightPrefix identifier prefix of the night ({@code sleep.<night key>})
     */
    NightSeries map(List<SleepStages> stages, String nightPrefix, ZoneId zone, String recordKey,
            MappingContext context, MappingResult.Builder result) {
        if (stages.isEmpty()) {
            return new NightSeries(List.of(), null);
        }
        List<SleepStages> ordered = new ArrayList<>(stages);
        ordered.sort(Comparator.comparing(SleepStages::start));
        String deviceKey = ordered.stream().map(SleepStages::hashDeviceId).filter(java.util.Objects::nonNull)
                .findFirst().orElse(null);
        List<Observation> observations = new ArrayList<>();
        List<SampledSeries.Stretch> stretches = ordered.stream()
                .map(stage -> new SampledSeries.Stretch(stage.start(), stage.end(), Integer.toString(stage.state())))
                .toList();
        observations.add(observation(CodeTable.SLEEP_STAGES, nightPrefix + ".series.state",
                SampledSeries.coded(CodeTable.SLEEP_STAGES, stretches, Canonicals.SLEEP_STATE_DATA), zone, deviceKey,
                context));
        Map<String, SortedMap<Instant, BigDecimal>> byField = new LinkedHashMap<>();
        for (SleepStages stage : ordered) {
            stage.samples().forEach((field, samples) -> byField.computeIfAbsent(field, f -> new TreeMap<>()).putAll(samples));
        }
        for (Fields.Field field : Fields.present(Source.SLEEP_SERIES, byField)) {
            SortedMap<Instant, BigDecimal> samples = byField.get(field.name());
            if (samples.isEmpty()) {
                continue;
            }
            Metric metric = field.metric();
            if (metric.unmapped()) {
                result.unmapped(new UnmappedValue(Source.SLEEP_SERIES, field.name(), recordKey));
            }
            observations.add(observation(metric, nightPrefix + ".series." + field.name(),
                    SampledSeries.numeric(metric, samples), zone, deviceKey, context));
        }
        return new NightSeries(observations, deviceKey);
    }

    private static Observation observation(Metric metric, String identifierSuffix, SampledSeries.Sampled series,
            ZoneId zone, String deviceKey, MappingContext context) {
        Observation observation = Observations.create(metric, identifierSuffix, context);
        observation.setEffective(Observations.period(series.start(), series.end(), zone));
        observation.setValue(series.data());
        if (deviceKey != null) {
            observation.setDevice(Devices.reference(deviceKey));
        }
        return observation;
    }
}
