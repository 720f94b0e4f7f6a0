package dev.pulsebridge.server.sync;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param enabled                  run the sync engine's background loops in this instance
 * @param dispatchInterval         how often stored notifications are turned into sync jobs
 * @param workers                  threads executing sync jobs in this instance
 * @param idlePoll                 how often an idle worker looks for due jobs
 * @param jobLease                 how long a claimed job stays reserved, renewed after each page it writes; a
 *                                 crashed worker's job is retried once it runs out
 * @param maxAttempts              attempts before a failing job stops and shows as failed in status
 * @param retryBase                first retry delay; doubles each attempt (with jitter) up to {@code retryCap}.
 *                                 A retry sends the job's first Withings request again, and Withings refuses
 *                                 the same request within 10 s; with the jitter of -50 %, a base of 30 s keeps
 *                                 even a retry taken by another instance (which cannot know what this one
 *                                 sent) clear of that
 * @param retryCap                 longest delay between retries
 * @param backfill                 how far back a new link reads: an ISO period such as {@code P1Y}, or {@code all}
 * @param backfillWindow           about the span one backfill job reads (the history is cut in equal windows
 *                                 near this length). A year: every Withings list takes a range that long and
 *                                 pages through it, and jobs write page by page, so a longer window costs no
 *                                 memory, only fewer calls; shorter windows only add calls.
 * @param pollingInterval          how often accounts without webhooks are polled
 * @param reconcileInterval        how often webhook subscriptions are checked and an incremental pass runs
 * @param schedulerInterval        how often due polls and reconciles are looked for
 * @param incrementalMargin        how far before the last incremental pass the next one starts reading
 * @param manualSyncMinInterval    the least time between two {@code $withings-sync} requests for a patient
 * @param allowInsecureWebhookUrl  subscribe webhooks even when the public URL is not HTTPS on 443 (local demos)
 * @param sleepSeries              read each night's stages and per-minute series (sleep get) with its summary:
 *                                 one more Withings call per night
 * @param sleepSeriesHistory       how many whole days before the day of the link (UTC) nights get their
 *                                 series in the backfill; every night after gets them. Anchored on the link,
 *                                 so re-reading a night always treats it the same (a night read once with
 *                                 series and once without would see its series withdrawn)
 * @param ecgSignals               read each ECG recording's signal (heart get) with it: one more Withings call
 *                                 per recording (about one a week for a regular user)
 * @param intradayActivity         read each day's activity slices (getintradayactivity: steps, heart rate, SpO2
 *                                 through the day) with its summary: one more Withings call per day, for every
 *                                 day after the link, so off by default (README: what it costs per patient-year)
 * @param intradayActivityHistory  like {@code sleepSeriesHistory}, for days' slices
 * @param writeChunk               most resources written in one transaction: a larger Withings page (a year of
 *                                 nights is thousands of Observations) is written as several, each renewing
 *                                 the job's lease, so a stopping worker waits for one chunk, not a whole page
 */
@Validated
@ConfigurationProperties("pulsebridge.sync")
public record SyncProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("250ms") Duration dispatchInterval,
        @DefaultValue("2") int workers,
        @DefaultValue("200ms") Duration idlePoll,
        @DefaultValue("5m") Duration jobLease,
        @DefaultValue("8") int maxAttempts,
        @DefaultValue("30s") Duration retryBase,
        @DefaultValue("15m") Duration retryCap,
        @DefaultValue("P1Y") String backfill,
        @DefaultValue("365d") Duration backfillWindow,
        @DefaultValue("15m") Duration pollingInterval,
        @DefaultValue("1d") Duration reconcileInterval,
        @DefaultValue("30s") Duration schedulerInterval,
        @DefaultValue("5m") Duration incrementalMargin,
        @DefaultValue("1m") Duration manualSyncMinInterval,
        @DefaultValue("false") boolean allowInsecureWebhookUrl,
        @DefaultValue("500") @Min(1) int writeChunk,
        @DefaultValue("true") boolean sleepSeries,
        @DefaultValue("7d") Duration sleepSeriesHistory,
        @DefaultValue("true") boolean ecgSignals,
        @DefaultValue("false") boolean intradayActivity,
        @DefaultValue("7d") Duration intradayActivityHistory) {
}
