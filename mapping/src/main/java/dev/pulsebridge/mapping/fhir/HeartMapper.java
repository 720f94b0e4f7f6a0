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
 * The heart list carries no timezone, so times are given in UTC. A recording that carries its signal
 * (heart get) adds the waveform, and the result is {@code derivedFrom} it.
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
            Observation waveform = waveform(recording, context);
            if (waveform == null) {
                result.record(key, List.of(observation));
            } else {
                observation.addDerivedFrom(Observations.reference(waveform));
                result.record(key, List.of(observation, waveform));
            }
        }
        return result.build();
    }

    /** The strip behind the result, when the recording carries its heart get answer. */
    private static Observation waveform(HeartRecording recording, MappingContext context) {
        if (recording.signal() == null || recording.signal().microvolts().isEmpty()) {
            return null;
        }
        SampledSeries.Sampled strip = SampledSeries.signal(CodeTable.ECG_WAVEFORM, recording.timestamp(),
                recording.signal().samplingHz(), recording.signal().microvolts());
        Observation waveform = Observations.create(CodeTable.ECG_WAVEFORM, "heart." + recording.signalId() + ".signal", context);
        waveform.setEffective(Observations.period(strip.start(), strip.end(), ZoneOffset.UTC));
        waveform.setValue(strip.data());
        if (recording.deviceId() != null) {
            waveform.setDevice(Devices.reference(recording.deviceId()));
        }
        return waveform;
    }
}
