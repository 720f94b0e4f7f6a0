package dev.pulsebridge.server.sync;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * What one fetch reads: records taken within {@code [start, end]} (epoch seconds, inclusive), or records
 * changed at Withings after {@code lastUpdate}. Only a ranged read tells us what no longer exists.
 */
record FetchWindow(Long start, Long end, Long lastUpdate) {

    /**
     * Withings files nights and days under a local calendar date; asking for this many extra days on each
     * side covers every record taken within the window whatever the user's time zone.
     */
    static final int LOCAL_DATE_MARGIN_DAYS = 2;

    static FetchWindow range(long start, long end) {
        if (end < start) {
            throw new IllegalArgumentException("window ends before it starts: " + start + ".." + end);
        }
        return new FetchWindow(start, end, null);
    }

    static FetchWindow changedSince(long lastUpdate) {
        return new FetchWindow(null, null, lastUpdate);
    }

    boolean ranged() {
        return lastUpdate == null;
    }

    LocalDate firstLocalDate() {
        return date(start).minusDays(LOCAL_DATE_MARGIN_DAYS);
    }

    LocalDate lastLocalDate() {
        return date(end).plusDays(LOCAL_DATE_MARGIN_DAYS);
    }

    private static LocalDate date(long epochSecond) {
        return LocalDate.ofInstant(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
    }

    @Override
    public String toString() {
        return ranged() ? Instant.ofEpochSecond(start) + ".." + Instant.ofEpochSecond(end)
                : "changed since " + Instant.ofEpochSecond(lastUpdate);
    }
}
