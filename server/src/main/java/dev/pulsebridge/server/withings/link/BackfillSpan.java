package dev.pulsebridge.server.withings.link;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * How far back a backfill reaches: an ISO-8601 period ({@code P1Y}, {@code P90D}), {@code all}, which
 * reaches back to before Withings sold its first connected scale, or {@code none} (only new data).
 */
public record BackfillSpan(String text, Period period) {

    public static final BackfillSpan NONE = new BackfillSpan("none", Period.ZERO);

    static final Instant EVERYTHING_SINCE = LocalDate.of(2008, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();

    /** @throws IllegalArgumentException with a message fit for the caller */
    public static BackfillSpan parse(String text) {
        String value = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
        if ("ALL".equals(value)) {
            return new BackfillSpan("all", null);
        }
        if ("NONE".equals(value)) {
            return NONE;
        }
        try {
            Period period = Period.parse(value);
            if (period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("backfill must reach back some time, got " + text);
            }
            return new BackfillSpan(value, period);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("backfill must be an ISO-8601 period such as P1Y or P90D, 'all' or 'none'; got '"
                    + text + "'");
        }
    }

    public boolean none() {
        return Period.ZERO.equals(period);
    }

    public Instant from(Instant now) {
        if (period == null) {
            return EVERYTHING_SINCE;
        }
        Instant from = LocalDate.ofInstant(now, ZoneOffset.UTC).minus(period).atStartOfDay(ZoneOffset.UTC).toInstant();
        return from.isBefore(EVERYTHING_SINCE) ? EVERYTHING_SINCE : from;
    }
}
