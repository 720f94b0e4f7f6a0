package dev.pulsebridge.mapping.fhir;

import dev.pulsebridge.terminology.Source;

/** A Withings value the code table does not know: kept under a flagged local code, listed for the report. */
public record UnmappedValue(Source source, String key, String recordKey) {
}
