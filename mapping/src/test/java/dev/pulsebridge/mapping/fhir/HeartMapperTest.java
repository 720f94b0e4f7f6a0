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
}
