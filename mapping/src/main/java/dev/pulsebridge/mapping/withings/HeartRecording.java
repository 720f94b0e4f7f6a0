package dev.pulsebridge.mapping.withings;

import java.time.Instant;

/**
 * A heart {@code list} item: one ECG recording and its screening result.
 *
 * @param model device model id (44 BPM Core, 91 Move ECG, 93 ScanWatch)
 * @param afib 0 negative, 1 positive, 2 inconclusive
 * @param signal the recording's heart get answer, when the reader fetched it and added it to the item under
 *     {@link #SIGNAL_FIELD}; null otherwise
 */
public record HeartRecording(String deviceId, Integer model, long signalId, Integer afib, Integer systole, Integer diastole,
        Integer heartRate, Instant timestamp, Instant modified, EcgSignal signal) {

    /** Where Pulsebridge puts a recording's heart get answer inside its heart list item (Withings never sends it). */
    public static final String SIGNAL_FIELD = "heart_get_signal";
}
