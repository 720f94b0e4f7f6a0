package dev.pulsebridge.mapping.fhir;

import dev.pulsebridge.mapping.withings.HeartRecording;
import dev.pulsebridge.terminology.CodeTable;
import dev.pulsebridge.terminology.Codings;
import dev.pulsebridge.terminology.LocalCodeLists;
import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.util.List;
import org.hl7.fhir.r5.model.CodeableConcept;
import org.hl7.fhir.r5.model.Coding;
import org.hl7.fhir.r5.model.Observation;

/**
 * ECG recordings to one Observation each: the device's AFib screening classification (our local
 * code system, so no receiver mistakes it for a diagnosis) and the heart rate during the recording.
 * The heart list carries no timezone, so times are given in UTC.
 */
public final class HeartMapper {

    private static final String DATA_ABSENT = "http://terminology.hl7.org/CodeSystem/data-absent-reason";

    public MappingResult map(List<HeartRecording> recordings, MappingContext context) {
        MappingResult.Builder result = MappingResult.builder();
        for (HeartRecording recording : recordings) {
            String key = "heart:" + recording.signalId();
            Observation observation = Observations.create(CodeTable.ECG_AFIB, "heart." + recording.signalId(), context);
            observation.setEffective(Observations.dateTime(recording.timestamp(), ZoneOffset.UTC));
            if (recording.afib() != null) {
                observation.setValue(Codings.concept(LocalCodeLists.AFIB_RESULT, recording.afib().toString()));
            } else {
                observation.setDataAbsentReason(new CodeableConcept(new Coding(DATA_ABSENT, "unknown", "Unknown")));
            }
            if (recording.heartRate() != null && recording.heartRate() > 0) {
                observation.addComponent().setCode(Codings.observationCode(CodeTable.ECG_HEART_RATE))
                        .setValue(Observations.quantity(CodeTable.ECG_HEART_RATE, BigDecimal.valueOf(recording.heartRate())));
            }
            if (recording.deviceId() != null) {
                Devices.fromDataRow(recording.deviceId(), null, recording.model(), context).forEach(result::device);
                observation.setDevice(Devices.reference(recording.deviceId()));
            }
            result.record(key, List.of(observation));
        }
        return result.build();
    }
}
