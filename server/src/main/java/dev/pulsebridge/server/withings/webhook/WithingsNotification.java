package dev.pulsebridge.server.withings.webhook;

/**
 * What Withings posted: which user, which category ({@code appli}) and, when given, the time window
 * ({@code startdate}/{@code enddate}, epoch seconds), a {@code date}, an {@code action} (appli 46) and the
 * device. Only a hint of where to look; never trusted as data.
 */
public record WithingsNotification(String withingsUserId, int appli, Long startDate, Long endDate, String date,
        String action, String deviceId) {
}
