package dev.pulsebridge.mapping.fhir;

import dev.pulsebridge.mapping.withings.WithingsDevice;
import java.util.List;

/** getdevice to Device and DeviceAssociation resources (one pair per device, however often it is listed). */
public final class DeviceListMapper {

    public MappingResult map(List<WithingsDevice> devices, MappingContext context) {
        MappingResult.Builder result = MappingResult.builder();
        for (WithingsDevice device : devices) {
            if (device.deviceKey() == null) {
                result.skipped("device:?", "device without deviceid or hash_deviceid");
                continue;
            }
            Devices.fromDeviceList(device, context).forEach(result::device);
        }
        return result.build();
    }
}
