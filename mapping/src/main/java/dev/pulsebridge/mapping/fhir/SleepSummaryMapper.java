package dev.pulsebridge.mapping.fhir;

import dev.pulsebridge.mapping.withings.SleepSummary;
import dev.pulsebridge.terminology.CodeTable;
import dev.pulsebridge.terminology.Metric;
import dev.pulsebridge.terminology.Source;
import dev.pulsebridge.terminology.ValueKind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r5.model.Observation;
import org.hl7.fhir.r5.model.Period;
import org.hl7.fhir.r5.model.StringType;

/**
 * Sleep summaries to one panel Observation per night, with one member Observation per metric so
 * each stays searchable by its own code. Fields Withings marks unavailable ({@code -1}) yield nothing.
 * A night that carries its sleep {@code get} series adds them as members too (stages, heart rate...).
 */
public final class SleepSummaryMapper {

    private final SleepSeriesMapper series = new SleepSeriesMapper();

    public MappingResult map(List<SleepSummary> nights, MappingContext context) {
        MappingResult.Builder result = MappingResult.builder();
        for (SleepSummary night : nights) {
            String key = "sleep:" + night.naturalKey();
            String deviceKey = night.hashDeviceId();
            if (deviceKey != null) {
                String model = night.sourceType() == null ? null : night.sourceType() == 16 ? "Withings sleep tracker (watch)"
                        : night.sourceType() == 32 ? "Withings sleep monitor (mat)" : null;
                Devices.fromDataRow(deviceKey, model, night.modelId(), context).forEach(result::device);
            }
            Period period = Observations.period(night.start(), night.end(), night.zone());
            String prefix = "sleep." + night.naturalKey();
            Observation panel = Observations.create(CodeTable.SLEEP_SUMMARY_PANEL, prefix, context);
            panel.setEffective(period);
            List<Observation> members = new ArrayList<>();
            Map<String, Object> values = new LinkedHashMap<>(night.numbers());
            values.putAll(night.texts());
            for (Fields.Field field : Fields.present(Source.SLEEP, values)) {
                Metric metric = field.metric();
                if (!metric.emitted()) {
                    continue;
                }
                Object value = values.get(field.name());
                if (value instanceof BigDecimal number && Fields.absent(metric, number)) {
                    continue;
                }
                if (metric.unmapped()) {
                    result.unmapped(new UnmappedValue(Source.SLEEP, field.name(), key));
                }
                Observation member = Observations.create(metric, prefix + "." + field.name(), context);
                member.setEffective(period.copy());
                if (metric.kind() == ValueKind.TEXT || value instanceof String) {
                    member.setValue(new StringType(value.toString()));
                } else {
                    member.setValue(Observations.quantity(metric, (BigDecimal) value));
                }
                members.add(member);
            }
            if (deviceKey != null) {
                panel.setDevice(Devices.reference(deviceKey));
                members.forEach(member -> member.setDevice(Devices.reference(deviceKey)));
            }
            SleepSeriesMapper.NightSeries stages = series.map(night.stages(), prefix, night.zone(), key, context, result);
            if (stages.deviceKey() != null && !stages.deviceKey().equals(deviceKey)) {
                SleepSeriesMapper.addDevice(night.stages(), stages.deviceKey(), context, result);
            }
            members.addAll(stages.observations());
            members.forEach(member -> panel.addHasMember(Observations.reference(member)));
            List<Observation> all = new ArrayList<>();
            all.add(panel);
            all.addAll(members);
            result.record(key, all);
        }
        return result.build();
    }
}
