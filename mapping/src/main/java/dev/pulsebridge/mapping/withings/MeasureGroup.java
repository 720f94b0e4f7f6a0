package dev.pulsebridge.mapping.withings;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * A getmeas {@code measuregrps[]} item: the readings one device (or one manual entry) took at one time.
 *
 * @param attrib how Withings attributed the group to the user (0 device, 1 ambiguous, 2 manual, ...)
 * @param category 1 real measurement, 2 user objective
 * @param zone the response's {@code timezone}, applied to {@code date}
 */
public record MeasureGroup(long grpid, int attrib, Instant date, Instant created, Instant modified, int category,
        String deviceId, String hashDeviceId, String model, Integer modelId, List<Measure> measures, ZoneId zone) {

    public MeasureGroup {
        measures = List.copyOf(measures);
    }

    public boolean isObjective() {
        return category == 2;
    }

    /** The stable device key: the hash Withings gives every device, or the device id when only that is sent. */
    public String deviceKey() {
        return hashDeviceId != null ? hashDeviceId : deviceId;
    }
}
