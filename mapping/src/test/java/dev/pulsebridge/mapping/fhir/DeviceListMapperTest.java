package dev.pulsebridge.mapping.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulsebridge.mapping.Fixtures;
import dev.pulsebridge.mapping.withings.WithingsPayloads;
import org.hl7.fhir.r5.model.Device;
import org.hl7.fhir.r5.model.DeviceAssociation;
import org.junit.jupiter.api.Test;

class DeviceListMapperTest {

    private MappingResult map(String fixture) {
        return new DeviceListMapper().map(WithingsPayloads.devices(Fixtures.json(fixture)), Fixtures.CONTEXT);
    }

    @Test
    void aDeviceListedSeveralTimesIsOneDeviceAndOneAssociation() {
        MappingResult result = map("joostlek-python-withings/device.json");

        assertThat(result.devices()).extracting(r -> r.fhirType()).containsExactly("Device", "DeviceAssociation");
        Device scale = (Device) result.devices().get(0);
        assertThat(scale.getDisplayName()).isEqualTo("Body+");
        assertThat(scale.getTypeFirstRep().getText()).isEqualTo("Scale");
        assertThat(scale.getManufacturer()).isEqualTo("Withings");
    }

    @Test
    void associationLinksTheDeviceToThePatient() {
        DeviceAssociation association = (DeviceAssociation) map("home-assistant-core/get_device.json").devices().get(1);

        assertThat(association.getSubject().getReference()).isEqualTo("Patient/p1");
        assertThat(association.getStatus().getCodingFirstRep().getCode()).isEqualTo("attached");
    }

    @Test
    void unknownModelIsKeptAsWithingsNamesIt() {
        Device device = (Device) map("joostlek-python-withings/new_device.json").devices().get(0);

        assertThat(device.getDisplayName()).isEqualTo("Futuristic device A");
        assertThat(device.getModelNumber()).isEqualTo("696969");
    }
}
