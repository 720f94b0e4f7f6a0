package dev.pulsebridge.server.fhir;

/**
 * Marks a Spring bean as a HAPI plain provider (custom operations such as {@code $withings-connect});
 * every such bean is registered on the REST server at {@code /fhir}.
 */
public interface FhirOperationProvider {
}
