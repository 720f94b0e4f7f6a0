package dev.pulsebridge.mapping.withings;

import java.time.Instant;
import java.time.ZoneId;

/** A getdevice {@code devices[]} item. {@code battery} is high, medium, low or unknown. */
public record WithingsDevice(String type, String battery, String model, Integer modelId, ZoneId zone,
        Instant firstSession, Instant lastSession, String deviceId, String hashDeviceId) {

    public String deviceKey() {
        return hashDeviceId != null ? hashDeviceId : deviceId;
    }
}
