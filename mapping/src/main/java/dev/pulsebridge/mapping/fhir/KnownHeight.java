package dev.pulsebridge.mapping.fhir;

import java.math.BigDecimal;
import java.time.Instant;

/** A height Observation already in the store: its value in metres, when it was taken and its id. */
public record KnownHeight(BigDecimal metres, Instant measuredAt, String observationId) {
}
