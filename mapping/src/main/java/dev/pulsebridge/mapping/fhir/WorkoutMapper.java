package dev.pulsebridge.mapping.fhir;

import dev.pulsebridge.mapping.withings.Workout;
import dev.pulsebridge.terminology.CodeTable;
import dev.pulsebridge.terminology.Codings;
import dev.pulsebridge.terminology.LocalCodeLists;
import dev.pulsebridge.terminology.Metric;
import dev.pulsebridge.terminology.Source;
import dev.pulsebridge.terminology.ValueKind;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r5.model.Observation;
import org.hl7.fhir.r5.model.Observation.ObservationComponentComponent;
import org.hl7.fhir.r5.model.StringType;

/** Workouts to one Observation each: the sport as value, the workout's measurements as components. */
public final class WorkoutMapper {

    public MappingResult map(List<Workout> workouts, MappingContext context) {
        MappingResult.Builder result = MappingResult.builder();
        for (Workout workout : workouts) {
            String key = "workout:" + workout.id();
            Observation observation = Observations.create(CodeTable.WORKOUT_SESSION, "workout." + workout.id(), context);
            observation.setEffective(Observations.period(workout.start(), workout.end(), workout.zone()));
            observation.setValue(Codings.concept(LocalCodeLists.WORKOUT_CATEGORY, Integer.toString(workout.category())));
            Attribution.apply(observation, workout.attrib(), context);
            if (workout.deviceId() != null) {
                Devices.fromDataRow(workout.deviceId(), null, workout.modelId(), context).forEach(result::device);
                observation.setDevice(Devices.reference(workout.deviceId()));
            }
            Map<String, Object> values = new LinkedHashMap<>(workout.numbers());
            values.putAll(workout.texts());
            for (Fields.Field field : Fields.present(Source.WORKOUT, values)) {
                Metric metric = field.metric();
                Object value = values.get(field.name());
                if (!metric.emitted() || (value instanceof BigDecimal number && Fields.absent(metric, number))) {
                    continue;
                }
                if (metric.unmapped()) {
                    result.unmapped(new UnmappedValue(Source.WORKOUT, field.name(), key));
                }
                ObservationComponentComponent component = observation.addComponent().setCode(Codings.observationCode(metric));
                if (metric.kind() == ValueKind.TEXT || value instanceof String) {
                    component.setValue(new StringType(value.toString()));
                } else {
                    component.setValue(Observations.quantity(metric, (BigDecimal) value));
                }
            }
            result.record(key, List.of(observation));
        }
        return result.build();
    }
}
