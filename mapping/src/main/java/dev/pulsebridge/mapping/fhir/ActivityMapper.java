package dev.pulsebridge.mapping.fhir;

import dev.pulsebridge.mapping.withings.ActivityDay;
import dev.pulsebridge.terminology.Metric;
import dev.pulsebridge.terminology.Source;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r5.model.Observation;

/** Daily activity to one Observation per metric per local day; Withings' zeros ("no data") yield nothing. */
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
                observations.add(observation);
            }
            result.record(key, observations);
        }
        return result.build();
    }
}
