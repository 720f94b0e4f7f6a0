package dev.pulsebridge.server.fhir;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * What a browser sees at the FHIR base URL: a short page saying what this is and where to go. HAPI
 * answers a bare base URL with 400, and rendering that error as HTML logged a stack trace for every
 * visit. API clients asking for FHIR JSON or XML still get HAPI's answer.
 */
class FhirBasePage extends OncePerRequestFilter {

    private static final String PAGE = """
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>Pulsebridge FHIR R5 server</title>
            <style>body{font-family:system-ui,sans-serif;max-width:42rem;margin:3rem auto;line-height:1.5;padding:0 1rem}
            code{background:#f3f3f3;padding:0 .2rem}</style></head>
            <body>
            <h1>Pulsebridge</h1>
            <p>This is the base URL of a FHIR R5 (5.0.0) server holding wearable readings from Withings as
            LOINC/UCUM-coded Observations. Point a FHIR client at <code>%1$s</code>.</p>
            <ul>
            <li><a href="%1$s/metadata">CapabilityStatement</a>: what the server supports</li>
            <li><a href="%1$s/SubscriptionTopic">SubscriptionTopics</a>: the notifications you can subscribe to</li>
            <li><a href="%1$s/ConceptMap/withings-to-loinc">ConceptMap</a>: how Withings measures map to LOINC</li>
            <li><a href="%2$s/actuator/health">Health</a></li>
            </ul>
            </body>
            </html>
            """;

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!isBase(request) || !"GET".equals(request.getMethod()) || !wantsHtml(request)) {
            chain.doFilter(request, response);
            return;
        }
        String context = request.getContextPath();
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("text/html;charset=UTF-8");
        response.getOutputStream().write(PAGE.formatted(context + "/fhir", context).getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isBase(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.equals("/fhir") || path.equals("/fhir/");
    }

    /** Browsers list text/html first; FHIR clients ask for application/fhir+json or +xml. */
    private static boolean wantsHtml(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        return accept != null && accept.contains("text/html") && !accept.contains("fhir");
    }
}
