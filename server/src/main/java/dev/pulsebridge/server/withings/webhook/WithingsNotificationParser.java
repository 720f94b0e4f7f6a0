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
    /** Withings categories are small numbers; more digits than this cannot be one (nor fit an int). */
    private static final Pattern APPLI = Pattern.compile("[0-9]{1,4}");
    /**
     * The last second of year 9999: a later "epoch" is no Withings time, and a window bound near the
     * long range would overflow when the sync widens it.
     */
    static final long LATEST_EPOCH_SECOND = 253_402_300_799L;
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private WithingsNotificationParser() {
    }

    static WithingsNotification parse(Map<String, String> form) {
        String userId = form.get("userid");
        if (userId == null || !DIGITS.matcher(userId.trim()).matches()) {
            throw new InvalidNotificationException("userid must be a Withings user id (digits), got " + shown(userId));
        }
        String appliText = form.get("appli");
        if (appliText == null || !APPLI.matcher(appliText.trim()).matches()
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
        String digits = value.trim();
        // twelve digits reach beyond year 9999 already; checking the length first keeps parseLong in range
        if (!DIGITS.matcher(digits).matches() || digits.length() > 12 || Long.parseLong(digits) > LATEST_EPOCH_SECOND) {
            throw new InvalidNotificationException(name + " must be epoch seconds up to " + LATEST_EPOCH_SECOND
                    + ", got " + shown(value));
        }
        return Long.parseLong(digits);
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
