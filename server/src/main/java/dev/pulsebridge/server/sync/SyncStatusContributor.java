package dev.pulsebridge.server.sync;

import dev.pulsebridge.server.withings.account.WithingsAccount;
import dev.pulsebridge.server.withings.fhir.WithingsStatusContributor;
import dev.pulsebridge.server.withings.webhook.WithingsWebhookInbox;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import org.hl7.fhir.r5.model.BooleanType;
import org.hl7.fhir.r5.model.CodeType;
import org.hl7.fhir.r5.model.InstantType;
import org.hl7.fhir.r5.model.IntegerType;
import org.hl7.fhir.r5.model.Parameters;
import org.hl7.fhir.r5.model.StringType;
import org.springframework.stereotype.Component;

/**
 * The sync engine's part of {@code $withings-status}: how Withings tells us about new data (webhooks or
 * polling, and why), backfill progress, queued work and jobs that failed for good, and the latest bed
 * event. "No sign of sync health" is a complaint about peers; every moving part shows here.
 */
@Component
class SyncStatusContributor implements WithingsStatusContributor {

    private static final int FAILED_JOBS_SHOWN = 5;

    private final SyncAccountStore syncAccounts;
    private final SyncJobQueue jobs;
    private final WithingsWebhookInbox inbox;

    SyncStatusContributor(SyncAccountStore syncAccounts, SyncJobQueue jobs, WithingsWebhookInbox inbox) {
        this.syncAccounts = syncAccounts;
        this.jobs = jobs;
        this.inbox = inbox;
    }

    @Override
    public void contribute(WithingsAccount account, Parameters status) {
        syncAccounts.find(account.id()).ifPresent(state -> {
            webhooks(state, status);
            backfill(account, state, status);
        });
        status.addParameter().setName("queuedJobs").setValue(new IntegerType(jobs.pendingCount(account.id())));
        for (SyncJob failed : jobs.failed(account.id(), FAILED_JOBS_SHOWN)) {
            Parameters.ParametersParameterComponent part = status.addParameter().setName("failedJob");
            part.addPart().setName("kind").setValue(new CodeType(failed.kind().code()));
            part.addPart().setName("data").setValue(new CodeType(failed.dataKind().code()));
            part.addPart().setName("attempts").setValue(new IntegerType(failed.attempts()));
            if (failed.lastError() != null) {
                part.addPart().setName("error").setValue(new StringType(failed.lastError()));
            }
        }
        lastBedEvent(account, status);
    }

    private static void webhooks(SyncAccountState state, Parameters status) {
        status.addParameter().setName("webhooks").setValue(new CodeType(state.webhookMode()));
        if (state.webhookDetail() != null) {
            status.addParameter("webhooksDetail", state.webhookDetail());
        }
        if (state.subscribedApplis() != null && !state.subscribedApplis().isBlank()) {
            Arrays.stream(state.subscribedApplis().split(",")).forEach(appli -> status.addParameter()
                    .setName("subscribedAppli").setValue(new IntegerType(Integer.parseInt(appli.trim()))));
        }
        if (SyncAccountState.POLLING.equals(state.webhookMode()) && state.nextPollAt() != null) {
            status.addParameter().setName("nextPoll").setValue(instant(state.nextPollAt()));
        }
        status.addParameter().setName("nextReconcile").setValue(instant(state.nextReconcileAt()));
    }

    private void backfill(WithingsAccount account, SyncAccountState state, Parameters status) {
        if (state.backfillStartedAt() == null || state.backfillFrom() == null) {
            return;
        }
        BackfillProgress progress = jobs.backfillProgress(account.id(), state.backfillStartedAt());
        Parameters.ParametersParameterComponent part = status.addParameter().setName("backfill");
        part.addPart().setName("from").setValue(instant(Instant.ofEpochSecond(state.backfillFrom())));
        part.addPart().setName("started").setValue(instant(state.backfillStartedAt()));
        part.addPart().setName("windowsDone").setValue(new IntegerType(progress.windowsDone()));
        part.addPart().setName("windowsTotal").setValue(new IntegerType(progress.windowsTotal()));
        part.addPart().setName("windowsFailed").setValue(new IntegerType(progress.windowsFailed()));
        part.addPart().setName("observationsWritten").setValue(new IntegerType(Math.toIntExact(progress.observationsWritten())));
        part.addPart().setName("complete").setValue(new BooleanType(progress.finished()));
    }

    /** Bed in/out (applis 50/51) carry no data to read back; the inbox keeps them as events. */
    private void lastBedEvent(WithingsAccount account, Parameters status) {
        inbox.latestBedEvent(account.id()).ifPresent(event -> {
            Parameters.ParametersParameterComponent part = status.addParameter().setName("lastBedEvent");
            part.addPart().setName("event").setValue(new CodeType(event.inBed() ? "in-bed" : "out-of-bed"));
            part.addPart().setName("received").setValue(instant(event.receivedAt()));
        });
    }

    private static InstantType instant(Instant instant) {
        return new InstantType(Date.from(instant));
    }
}
