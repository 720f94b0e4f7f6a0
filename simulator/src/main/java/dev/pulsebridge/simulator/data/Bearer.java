package dev.pulsebridge.simulator.data;

import java.util.Map;

/** The access token of a call: the Bearer header Withings documents, or the older access_token parameter. */
public final class Bearer {

    private Bearer() {
    }

    public static String token(String authorizationHeader, Map<String, String> params) {
        if (authorizationHeader != null && authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorizationHeader.substring(7).trim();
        }
        return params.get("access_token");
    }
}
