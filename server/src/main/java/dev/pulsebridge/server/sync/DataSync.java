package dev.pulsebridge.server.sync;

import dev.pulsebridge.mapping.WithingsMapper;
import dev.pulsebridge.mapping.fhir.MappingContext;
import dev.pulsebridge.mapping.fhir.MappingResult;
import dev.pulsebridge.server.withings.WithingsNotificationCategory.DataKind;
import dev.pulsebridge.server.withings.account.WithingsAccount;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * One data job: read Withings for the job's window (or what changed since the cursor), map it, write it.
 * The payload of a webhook is never trusted: the job re-reads the window it named.
 */
@Component
class DataSync {

    private final WithingsFetcher fetcher;
    private final WithingsMapper mapper = new WithingsMapper();
    private final FhirSyncWriter writer;
    private final StoredHeights heights;
    private final SyncAccountStore syncAccounts;
    private final SyncCursorStore cursors;
    private final SyncProperties properties;
    private final Clock clock;

    DataSync(WithingsFetcher fetcher, FhirSyncWriter writer, StoredHeights heights, SyncAccountStore syncAccounts,
            SyncCursorStore cursors, SyncProperties properties, Clock clock) {
        this.clock = clock;
        this.fetcher = fetcher;
        this.writer = writer;
        this.heights = heights;
        this.syncAccounts = syncAccounts;
        this.cursors = cursors;
        this.properties = properties;
    }

    /**
     * Reads and writes page by page, and a large page in chunks of {@code pulsebridge.sync.write-chunk}
     * resources: a year of readings is never held in memory or written in one transaction, and a job that
     * stops half-way keeps the chunks it stored (its retry reads them again and writes nothing new). What Withings deleted is only known once the whole window has been read.
     *
     * @param progress told after each page, with the Observations it wrote
     */
    void run(SyncJob job, WithingsAccount account, PageProgress progress) {
        Instant started = clock.instant();
        FetchWindow window = window(job, account, started);
        MappingContext context = new MappingContext("Patient/" + account.patientId(), account.withingsUserId());
        MappingContext mapping = job.dataKind() == DataKind.MEASURES ? withKnownHeight(job, account, context) : context;
        Set<String> present = new HashSet<>();
        fetcher.fetch(account.id(), job.dataKind(), window, page -> {
            MappingResult result = mapper.map(page.kind(), page.body(), mapping);
            for (MappingResult part : result.split(properties.writeChunk())) {
                WriteOutcome outcome = writer.write(new SyncBatch(account.id(), account.patientId(), job.dataKind(),
                        window, false, origin(job), List.of(part), Set.of()));
                progress.pageWritten(outcome.observationsWritten());
            }
            result.records().forEach(record -> present.add(record.recordKey()));
        });
        if (window.ranged()) {
            writer.write(new SyncBatch(account.id(), account.patientId(), job.dataKind(), window, true, origin(job),
                    List.of(), present));
        }
        if (job.kind() == JobKind.INCREMENTAL) {
            cursors.advance(account.id(), job.dataKind(), started.getEpochSecond());
        }
    }

    /** Hears of each page a job wrote; throws to stop the job (its lease was lost). */
    @FunctionalInterface
    interface PageProgress {
        void pageWritten(int observations);
    }

    private FetchWindow window(SyncJob job, WithingsAccount account, Instant now) {
        if (job.kind() != JobKind.INCREMENTAL && job.windowStart() != null && job.windowEnd() != null) {
            return FetchWindow.range(job.windowStart(), job.windowEnd());
        }
        long since = cursors.lastUpdate(account.id(), job.dataKind())
                .orElse(now.minus(properties.reconcileInterval()).getEpochSecond());
        return FetchWindow.changedSince(Math.max(0, since - properties.incrementalMargin().toSeconds()));
    }

    /**
     * BMI needs a height, which users enter once, years before most weigh-ins; a newest-first backfill
     * would otherwise reach it last. So before the first weights, every height is read and stored.
     */
    private MappingContext withKnownHeight(SyncJob job, WithingsAccount account, MappingContext context) {
        var known = heights.latest(account.patientId());
        if (known.isEmpty() && syncAccounts.find(account.id()).map(SyncAccountState::heightProbedAt).isEmpty()) {
            List<MappingResult> heightGroups = fetcher.heights(account.id()).stream()
                    .map(page -> mapper.map(page.kind(), page.body(), context)).toList();
            writer.write(new SyncBatch(account.id(), account.patientId(), DataKind.MEASURES,
                    FetchWindow.changedSince(0), false, origin(job) + " (heights)", heightGroups, Set.of()));
            syncAccounts.heightProbed(account.id(), clock.instant());
            known = heights.latest(account.patientId());
        }
        return known.map(context::withLatestHeight).orElse(context);
    }

    private static String origin(SyncJob job) {
        return "sync job " + job.id() + " (" + job.kind().code() + ")";
    }
}
