package dev.pulsebridge.server.withings;

import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The server's address as Withings and patients' browsers see it: {@code pulsebridge.public-base-url}
 * when set (always, behind a proxy or in production), otherwise the address the FHIR request came in on.
 */
@Component
public class PublicUrls {

    public static final String CALLBACK_PATH = "/withings/callback";
    public static final String LINK_PATH = "/withings/link/";
    public static final String WEBHOOK_PATH = "/withings/webhook/";

    private final String configured;

    public PublicUrls(@Value("${pulsebridge.public-base-url:}") String configured) {
        this.configured = stripSlash(configured.trim());
    }

    /** @param fhirServerBase the base of the incoming FHIR request, e.g. {@code http://host:8080/fhir} */
    public String base(String fhirServerBase) {
        if (!configured.isEmpty()) {
            return configured;
        }
        String base = stripSlash(fhirServerBase);
        return base.endsWith("/fhir") ? base.substring(0, base.length() - "/fhir".length()) : base;
    }

    /** The inverse of {@link #callbackUrl}: the base a stored callback URL was built from. */
    public String baseOfCallback(String callbackUrl) {
        return callbackUrl.endsWith(CALLBACK_PATH)
                ? callbackUrl.substring(0, callbackUrl.length() - CALLBACK_PATH.length()) : callbackUrl;
    }

    /** The configured base, which background work (no incoming request to go by) prefers. */
    public Optional<String> configured() {
        return configured.isEmpty() ? Optional.empty() : Optional.of(configured);
    }

    public String callbackUrl(String base) {
        return base + CALLBACK_PATH;
    }

    public String linkUrl(String base, String linkToken) {
        return base + LINK_PATH + linkToken;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
