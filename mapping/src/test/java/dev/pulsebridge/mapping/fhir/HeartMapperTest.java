package dev.pulsebridge.mapping.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulsebridge.mapping.Fixtures;
import dev.pulsebridge.mapping.withings.WithingsPayloads;
import org.hl7.fhir.r5.model.Device;
import org.hl7.fhir.r5.model.Observation;
import org.junit.jupiter.api.Test;

class HeartMapperTest {

    private final MappingResult result = new HeartMapper().map(
            WithingsPayloads.heartRecordings(Fixtures.json("fejesa-withings-react/heartlist.json")).items(), Fixtures.CONTEXT);

    @Test
    void ecgRecordingIsAScreeningClassificationWithTheHeartRateAsComponent() {
        Observation ecg = result.observations().get(0);

        assertThat(ecg.getCode().getCodingFirstRep().getCode()).isEqualTo("heart:afib");
        assertThat(ecg.getValueCodeableConcept().getCodingFirstRep().getCode()).isEqualTo("0");
        assertThat(ecg.getValueCodeableConcept().getCodingFirstRep().getDisplay()).isEqualTo("Negative");
        assertThat(ecg.getComponentFirstRep().getCode().getCodingFirstRep().getCode()).isEqualTo("8867-4");
        assertThat(ecg.getComponentFirstRep().getValueQuantity().getValue()).isEqualByComparingTo("62");
        assertThat(ecg.getEffectiveDateTimeType().getValue().toInstant().getEpochSecond()).isEqualTo(1595916999L);
        assertThat(ecg.getIdentifierFirstRep().getValue()).isEqualTo("12345.heart.5992490");
    }

    @Test
    void recordingDeviceCarriesItsModelNumber() {
        Device device = (Device) result.devices().get(0);

        assertThat(device.getModelNumber()).isEqualTo("44");
        assertThat(result.observations().get(0).getDevice().getReference()).isEqualTo("Device/" + device.getIdPart());
    }

    private static MappedRecord recordingWithItsSignal(int samplingHz, String samples) {
        com.fasterxml.jackson.databind.node.ObjectNode list = Fixtures.json("fejesa-withings-react/heartlist.json").deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) list.path("body").path("series").get(0)).set(
                dev.pulsebridge.mapping.withings.HeartRecording.SIGNAL_FIELD, WithingsPayloads.parse(
                        "{\"signal\": [" + samples + "], \"sampling_frequency\": " + samplingHz + ", \"wearposition\": 1}"));
        return new HeartMapper().map(WithingsPayloads.heartRecordings(list).items(), Fixtures.CONTEXT).records().get(0);
    }

    @Test
    void aRecordingWithItsSignalCarriesTheStripInMicrovoltsAndTheResultIsDerivedFromIt() {
        MappedRecord recording = recordingWithItsSignal(500, "12, -40, 310, 95, -8");

        Observation result = recording.observations().get(0);
        Observation strip = recording.observations().get(1);
        assertThat(strip.getCode().getCodingFirstRep().getSystem()).isEqualTo("urn:iso:std:iso:11073:10101");
        assertThat(strip.getCode().getCodingFirstRep().getCode()).isEqualTo("131329");
        assertThat(strip.getValueSampledData().getData()).isEqualTo("12 -40 310 95 -8");
        assertThat(strip.getValueSampledData().getInterval()).isEqualByComparingTo("2");
        assertThat(strip.getValueSampledData().getIntervalUnit()).isEqualTo("ms");
        assertThat(strip.getValueSampledData().getOrigin().getCode()).isEqualTo("uV");
        assertThat(strip.getEffectivePeriod().getStart().toInstant().getEpochSecond()).isEqualTo(1595916999L);
        assertThat(result.getDerivedFrom()).extracting(r -> r.getReference()).containsExactly("Observation/" + strip.getIdPart());
        assertThat(dev.pulsebridge.mapping.R5Validator.errors(strip)).isEmpty();
    }

    @Test
    void aSignalAt300HertzHasItsIntervalToSixDecimals() {
        Observation strip = recordingWithItsSignal(300, "1, 2, 3").observations().get(1);

        assertThat(strip.getValueSampledData().getInterval()).isEqualByComparingTo("3.333333");
    }
}
