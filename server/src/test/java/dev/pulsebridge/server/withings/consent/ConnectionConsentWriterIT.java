package dev.pulsebridge.server.withings.consent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulsebridge.mapping.fhir.StableIds;
import dev.pulsebridge.server.support.WithingsIntegrationTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.hl7.fhir.r5.model.Consent;
import org.hl7.fhir.r5.model.Consent.ConsentState;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Several writers of one patient's connection Consent at once (two instances told of the same change, or a
 * start-up rewrite beside a live event): none fails, each change of the account adds exactly one version,
 * and a writer kept waiting writes the account as it stands when its turn comes.
 */
class ConnectionConsentWriterIT extends WithingsIntegrationTest {

    private static final int WRITERS = 8;
    private static final List<String> CHANGES = List.of("disconnected", "connected", "disconnected", "connected");

    @Autowired
    private ConnectionConsentWriter writer;

    @Autowired
    private DataSource dataSource;

    @Test
    void writersOfOneConsentAtOnceAllSucceedAndLeaveOneVersionPerChange() throws Exception {
        String patient = newPatient();
        long account = link(patient, simulator.createUser());
        long versionsBefore = versions(patient);
        ExecutorService threads = Executors.newFixedThreadPool(WRITERS);
        try {
            for (String status : CHANGES) {
                // the account changes behind the writers' backs, as another instance would change it
                jdbc.sql("update withings_account set status = ?, status_changed_at = current_timestamp where id = ?")
                        .params(status, account).update();
                CyclicBarrier start = new CyclicBarrier(WRITERS);
                List<CompletableFuture<Boolean>> writes = new ArrayList<>();
                for (int i = 0; i < WRITERS; i++) {
                    writes.add(CompletableFuture.supplyAsync(() -> {
                        await(start);
                        return writer.bringUpToDate(account);
                    }, threads));
                }
                CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
                assertThat(writes.stream().filter(CompletableFuture::join).count())
                        .as("writers that changed the Consent to %s", status).isEqualTo(1);
                assertThat(consent(patient).getStatus()).isEqualTo(
                        status.equals("connected") ? ConsentState.ACTIVE : ConsentState.INACTIVE);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(versions(patient) - versionsBefore).isEqualTo(CHANGES.size());
    }

    @Test
    void aWriterWritesTheAccountAsItStandsWhenItsTurnComesNotAsItStoodWhenItAsked() throws Exception {
        String patient = newPatient();
        long account = link(patient, simulator.createUser());
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try (Connection turnHolder = dataSource.getConnection()) {
            // another writer's turn, held open on a connection of its own
            turnHolder.setAutoCommit(false);
            try (PreparedStatement lock = turnHolder.prepareStatement("select 1 from pg_advisory_xact_lock(?, ?)")) {
                lock.setInt(1, ConnectionConsentWriter.CONSENT_WRITE_LOCK);
                lock.setInt(2, (int) (account % Integer.MAX_VALUE));
                lock.executeQuery().close();
            }
            CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> writer.bringUpToDate(account), thread);
            awaitWaitingForItsTurn(account);
            jdbc.sql("update withings_account set status = 'disconnected', status_changed_at = current_timestamp where id = ?")
                    .param(account).update();
            turnHolder.commit();

            assertThat(waiting.get(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            thread.shutdownNow();
        }
        assertThat(consent(patient).getStatus()).isEqualTo(ConsentState.INACTIVE);
        jdbc.sql("update withings_account set status = 'connected', status_changed_at = current_timestamp where id = ?")
                .param(account).update();
    }

    /** Until PostgreSQL shows a session waiting for the account's Consent lock. */
    private void awaitWaitingForItsTurn(long account) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            int waiting = jdbc.sql("""
                    select count(*) from pg_locks where locktype = 'advisory' and not granted
                      and classid::bigint = ? and objid::bigint = ? and objsubid = 2""")
                    .params((long) ConnectionConsentWriter.CONSENT_WRITE_LOCK, account % Integer.MAX_VALUE).query(Integer.class).single();
            if (waiting == 1) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the writer never waited for its turn");
    }

    private Consent consent(String patient) {
        return fhirClient().read().resource(Consent.class).withId(StableIds.connectionConsent(patient)).execute();
    }

    private long versions(String patient) {
        return consent(patient).getIdElement().getVersionIdPartAsLong();
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
