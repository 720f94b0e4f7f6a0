package dev.pulsebridge.terminology;

/**
 * An ISO/IEEE 11073-10101 (MDC) code we emit, for device signals LOINC has no code for (an ECG lead's
 * waveform), with the reference id as its display.
 */
public record MdcCode(String code, String display) {
}
