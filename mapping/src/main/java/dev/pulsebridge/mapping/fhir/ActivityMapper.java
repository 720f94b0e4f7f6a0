package dev.pulsebridge.mapping.fhir;

import dev.pulsebridge.mapping.withings.ActivityDay;
import dev.pulsebridge.terminology.Metric;
import dev.pulsebridge.terminology.Source;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r5.model.Observation;

/**
 * Daily activity to one Observation per metric per local day; Withings' zeros ("no data") yield nothing. A
 * day that carries its getintradayactivity slices adds one series per field, and each day total is
 * {@code derivedFrom} the series it sums up (steps from steps, the day's heart rates from heart rate).
 */
public final class ActivityMapper {

    public MappingResult map(List<ActivityDay> days, MappingContext context) {
        MappingResult.Builder result = MappingResult.builder();
        for (ActivityDay day : days) {
            if (day.date() == null) {
                result.skipped("activity:?", "activity row without a date");
                continue;
            }
            String key = "activity:" + day.date();
            if (day.deviceKey() != null) {
                Devices.fromDataRow(day.deviceKey(), day.model(), day.modelId(), context).forEach(result::device);
            }
            Map<String, Observation> series = day.intraday() == null ? Map.of()
                    : IntradayMapper.day(day.date(), day.intraday(), day.zone(), key, context, result);
            List<Observation> observations = new ArrayList<>();
            for (Fields.Field field : Fields.present(Source.ACTIVITY, day.numbers())) {
                Metric metric = field.metric();
                BigDecimal value = day.numbers().get(field.name());
                if (!metric.emitted() || Fields.absent(metric, value)) {
                    continue;
                }
                if (metric.unmapped()) {
                    result.unmapped(new UnmappedValue(Source.ACTIVITY, field.name(), key));
                }
                Observation observation = Observations.create(metric, "activity." + day.date() + "." + field.name(), context);
                observation.setEffective(Observations.day(day.date(), day.zone()));
                observation.setValue(Observations.quantity(metric, value));
                if (day.deviceKey() != null) {
                    observation.setDevice(Devices.reference(day.deviceKey()));
                }
                Observation source = series.get(seriesField(field.name()));
                if (source != null) {
                    observation.addDerivedFrom(Observations.reference(source));
                }
                observations.add(observation);
            }
            observations.addAll(series.values());
            result.record(key, observations);
        }
        return result.build();
    }

    /** The intraday field a day total is computed from: the same name, or heart rate for hr_average/min/max. */
    private static String seriesField(String dayField) {
        return dayField.startsWith("hr_") && !dayField.startsWith("hr_zone") ? "heart_rate" : dayField;
    }
}
