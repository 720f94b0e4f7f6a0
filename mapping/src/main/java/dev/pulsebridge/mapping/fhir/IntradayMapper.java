package dev.pulsebridge.mapping.fhir;

import dev.pulsebridge.mapping.withings.IntradaySample;
import dev.pulsebridge.terminology.Metric;
import dev.pulsebridge.terminology.Source;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.hl7.fhir.r5.model.Observation;

/**
 * A getintradayactivity answer to one Observation per field per local day: steps, heart rate, SpO2 and the
 * rest slice by slice, as SampledData (offsets, since slices come only when there is something to record).
 */
public final class IntradayMapper {

    /** @param zone the zone the user's days are counted in (the answer names none) */
    public MappingResult map(List<IntradaySample> slices, ZoneId zone, MappingContext context) {
        MappingResult.Builder result = MappingResult.builder();
        Map<LocalDate, List<IntradaySample>> byDay = new TreeMap<>();
        slices.forEach(slice -> byDay.computeIfAbsent(LocalDate.ofInstant(slice.start(), zone), d -> new ArrayList<>())
                .add(slice));
        byDay.forEach((day, daySlices) -> result.record("intraday:" + day,
                List.copyOf(day(day, daySlices, zone, "intraday:" + day, context, result).values())));
        return result.build();
    }

    /**
     * One local day's series, by field name; slices starting on another day are left to that day's read.
     * {@code recordKey} names the record they belong to (the day's activity when grafted onto it).
     */
    static Map<String, Observation> day(LocalDate day, List<IntradaySample> slices, ZoneId zone, String recordKey,
            MappingContext context, MappingResult.Builder result) {
        Map<String, SortedMap<Instant, BigDecimal>> byField = new LinkedHashMap<>();
        for (IntradaySample slice : slices) {
            if (!LocalDate.ofInstant(slice.start(), zone).equals(day)) {
                continue;
            }
            slice.values().forEach((field, value) -> byField.computeIfAbsent(field, f -> new TreeMap<>()).put(slice.start(), value));
            if (slice.deviceId() != null) {
                Devices.fromDataRow(slice.deviceId(), slice.model(), slice.modelId(), context).forEach(result::device);
            }
        }
        String deviceKey = slices.stream().map(IntradaySample::deviceId).filter(java.util.Objects::nonNull).findFirst()
                .orElse(null);
        Map<String, Observation> observations = new LinkedHashMap<>();
        for (Fields.Field field : Fields.present(Source.INTRADAY, byField)) {
            Metric metric = field.metric();
            if (!metric.emitted()) {
                continue;
            }
            if (metric.unmapped()) {
                result.unmapped(new UnmappedValue(Source.INTRADAY, field.name(), recordKey));
            }
            SampledSeries.Sampled series = SampledSeries.numeric(metric, byField.get(field.name()));
            Observation observation = Observations.create(metric, "intraday." + day + "." + field.name(), context);
            observation.setEffective(Observations.period(series.start(), series.end(), zone));
            observation.setValue(series.data());
            if (deviceKey != null) {
                observation.setDevice(Devices.reference(deviceKey));
            }
            observations.put(field.name(), observation);
        }
        return observations;
    }
}
