package dev.pulsebridge.server.withings.webhook;

import dev.pulsebridge.server.withings.WithingsNotificationCategory;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks a webhook body at the edge; anything that is not a plausible Withings notification is refused. */
final class WithingsNotificationParser {

    /** Categories Withings notifies (see the API reference); we subscribe to a subset. */
    static final Set<Integer> KNOWN_APPLIS = WithingsNotificationCategory.knownApplis();
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,19}");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private WithingsNotificationParser() {
    }

    static WithingsNotification parse(Map<String, String> form) {
        String userId = form.get("userid");
        if (userId == null || !DIGITS.matcher(userId.trim()).matches()) {
            throw new InvalidNotificationException("userid must be a Withings user id (digits), got " + shown(userId));
        }
        String appliText = form.get("appli");
        if (appliText == null || !DIGITS.matcher(appliText.trim()).matches()
                || !KNOWN_APPLIS.contains(Integer.parseInt(appliText.trim()))) {
            throw new InvalidNotificationException("appli must be one of " + KNOWN_APPLIS
                    + ", got " + shown(appliText));
        }
        Long start = epoch(form, "startdate");
        Long end = epoch(form, "enddate");
        if (start != null && end != null && end < start) {
            throw new InvalidNotificationException("enddate is before startdate");
        }
        return new WithingsNotification(userId.trim(), Integer.parseInt(appliText.trim()), start, end,
                token(form, "date"), token(form, "action"), token(form, "deviceid"));
    }

    private static Long epoch(Map<String, String> form, String name) {
        String value = form.get(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!DIGITS.matcher(value.trim()).matches()) {
            throw new InvalidNotificationException(name + " must be epoch seconds, got " + shown(value));
        }
        return Long.parseLong(value.trim());
    }

    private static String token(Map<String, String> form, String name) {
        String value = form.get(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!TOKEN.matcher(value.trim()).matches()) {
            throw new InvalidNotificationException(name + " has unexpected characters");
        }
        return value.trim();
    }

    private static String shown(String value) {
        if (value == null) {
            return "nothing";
        }
        String shortened = value.length() > 20 ? value.substring(0, 20) + "..." : value;
        return "'" + shortened.replaceAll("[^\\x20-\\x7e]", "?") + "'";
    }

    static final class InvalidNotificationException extends RuntimeException {
        InvalidNotificationException(String message) {
            super(message);
        }
    }
}
