package dev.pulsebridge.mapping.fhir;

import dev.pulsebridge.mapping.withings.WithingsDevice;
import dev.pulsebridge.terminology.Canonicals;
import java.time.ZoneOffset;
import java.util.List;
import org.hl7.fhir.r5.model.CodeableConcept;
import org.hl7.fhir.r5.model.Coding;
import org.hl7.fhir.r5.model.Device;
import org.hl7.fhir.r5.model.DeviceAssociation;
import org.hl7.fhir.r5.model.Enumerations.DeviceNameType;
import org.hl7.fhir.r5.model.Reference;
import org.hl7.fhir.r5.model.Resource;

/**
 * Withings devices as FHIR: one Device per Withings device hash, linked to the patient by an R5
 * DeviceAssociation (R5 Device has no patient element).
 */
final class Devices {

    private static final String MANUFACTURER = "Withings";

    private Devices() {
    }

    /** The Device and its association with the patient, from what a data row says about its device. */
    static List<Resource> fromDataRow(String deviceKey, String model, Integer modelId, MappingContext context) {
        Device device = device(deviceKey, model, modelId, null);
        return List.of(device, association(device, deviceKey, context, null));
    }

    /** The same resources from getdevice, which also knows the device type and first use. */
    static List<Resource> fromDeviceList(WithingsDevice withings, MappingContext context) {
        Device device = device(withings.deviceKey(), withings.model(), withings.modelId(), withings.type());
        return List.of(device, association(device, withings.deviceKey(), context, withings));
    }

    static Reference reference(String deviceKey) {
        return new Reference("Device/" + StableIds.device(deviceKey));
    }

    private static Device device(String deviceKey, String model, Integer modelId, String type) {
        Device device = new Device();
        device.setId(StableIds.device(deviceKey));
        device.getMeta().setSource(Canonicals.WITHINGS_SOURCE);
        device.addIdentifier().setSystem(Canonicals.DEVICE_IDENTIFIER).setValue(deviceKey);
        device.setStatus(Device.FHIRDeviceStatus.ACTIVE);
        device.setManufacturer(MANUFACTURER);
        String name = model != null ? model : "Withings device";
        device.setDisplayName(name);
        device.addName().setValue(name).setType(DeviceNameType.REGISTEREDNAME);
        if (modelId != null && modelId >= 0) {
            device.setModelNumber(modelId.toString());
        }
        if (type != null) {
            device.addType(new CodeableConcept().setText(type));
        }
        return device;
    }

    private static DeviceAssociation association(Device device, String deviceKey, MappingContext context, WithingsDevice withings) {
        DeviceAssociation association = new DeviceAssociation();
        association.setId(StableIds.deviceAssociation(context.patientReference(), deviceKey));
        association.getMeta().setSource(Canonicals.WITHINGS_SOURCE);
        association.setDevice(new Reference("Device/" + device.getIdElement().getIdPart()));
        association.setSubject(new Reference(context.patientReference()));
        // "attached": connected to the patient, not implanted, the closest R5 status for a personal device.
        association.setStatus(new CodeableConcept(new Coding("http://hl7.org/fhir/deviceassociation-status", "attached", "Attached")));
        if (withings != null && withings.firstSession() != null) {
            association.getPeriod().setStartElement(Observations.dateTime(withings.firstSession(),
                    withings.zone() != null ? withings.zone() : ZoneOffset.UTC));
        }
        return association;
    }
}
