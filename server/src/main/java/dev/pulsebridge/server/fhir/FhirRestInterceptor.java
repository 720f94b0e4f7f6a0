package dev.pulsebridge.server.fhir;

/**
 * Marks a Spring bean as a HAPI interceptor for the REST server at {@code /fhir}; every such bean is
 * registered there, so features add interceptors without touching the server's configuration.
 */
public interface FhirRestInterceptor {
}
