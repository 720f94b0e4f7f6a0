package dev.pulsebridge.server.withings.oauth;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.oauth2.core.endpoint.DefaultMapOAuth2AccessTokenResponseConverter;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;

/**
 * Teaches Spring Security's token response parsing the Withings dialect: the RFC 6749 fields sit inside
 * {@code {"status": 0, "body": {...}}}, failures arrive as HTTP 200 with a non-zero status, and the
 * body carries the Withings {@code userid} (a string or a number), which stays in the additional
 * parameters as a string.
 */
final class WithingsEnvelopeConverter implements Converter<Map<String, Object>, OAuth2AccessTokenResponse> {

    static final String USERID = "userid";

    private final DefaultMapOAuth2AccessTokenResponseConverter standard = new DefaultMapOAuth2AccessTokenResponseConverter();

    @Override
    public OAuth2AccessTokenResponse convert(Map<String, Object> envelope) {
        int status = envelope.get("status") instanceof Number n ? n.intValue() : -1;
        if (status != 0) {
            throw new WithingsStatusException(status, String.valueOf(envelope.getOrDefault("error", "")));
        }
        if (!(envelope.get("body") instanceof Map<?, ?> body)) {
            throw new WithingsStatusException(-1, "token response without a body");
        }
        Map<String, Object> flat = new LinkedHashMap<>();
        body.forEach((key, value) -> flat.put(String.valueOf(key), value));
        flat.putIfAbsent(OAuth2ParameterNames.TOKEN_TYPE, "Bearer");
        Object userId = flat.get(USERID);
        if (userId == null || userId.toString().isBlank()) {
            throw new WithingsStatusException(-1, "token response without a userid");
        }
        flat.put(USERID, userId instanceof Number number ? Long.toString(number.longValue()) : userId.toString());
        return standard.convert(flat);
    }

    /** Carries the envelope status through Spring's exception wrapping; see {@link WithingsTokenClient}. */
    static final class WithingsStatusException extends RuntimeException {
        final int status;
        final String error;

        WithingsStatusException(int status, String error) {
            super("Withings status " + status);
            this.status = status;
            this.error = error;
        }
    }
}
