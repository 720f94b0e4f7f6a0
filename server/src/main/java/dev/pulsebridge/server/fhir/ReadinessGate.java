package dev.pulsebridge.server.fhir;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Holds FHIR requests back with {@code 503} until the server is ready. Tomcat opens its port before the
 * startup work that FHIR clients depend on is done (the generated terminology and SubscriptionTopics,
 * the retired search parameters): a client starting with the server would otherwise see an empty
 * ConceptMap, or have a Subscription refused for an "unknown" topic. Readiness is Spring's own state,
 * the one {@code /actuator/health/readiness} reports; it turns to accepting once every startup runner
 * has finished, and back to refusing while the server shuts down.
 */
class ReadinessGate extends OncePerRequestFilter {

    static final String RETRY_AFTER_SECONDS = "5";

    private static final String STARTING = """
            {"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"transient",\
            "diagnostics":"Pulsebridge is not ready: it is starting up or shutting down. Try again in a few seconds."}]}""";

    private final ApplicationAvailability availability;

    ReadinessGate(ApplicationAvailability availability) {
        this.availability = availability;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
        response.setContentType("application/fhir+json;charset=UTF-8");
        response.getOutputStream().write(STARTING.getBytes(StandardCharsets.UTF_8));
    }
}
