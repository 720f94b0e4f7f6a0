package dev.pulsebridge.terminology;

/** A LOINC code we emit, with the display we publish for it in our LOINC fragment. */
public record LoincCode(String code, String display) {
}
