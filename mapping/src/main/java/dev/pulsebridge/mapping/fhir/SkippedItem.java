package dev.pulsebridge.mapping.fhir;

/** Something in a payload that deliberately produced no resource, and why (goals, duplicates, ...). */
public record SkippedItem(String recordKey, String reason) {
}
