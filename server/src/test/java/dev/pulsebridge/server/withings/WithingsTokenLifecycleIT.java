package dev.pulsebridge.server.withings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulsebridge.server.support.WithingsIntegrationTest;
import dev.pulsebridge.server.withings.account.AccountNotConnectedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.hl7.fhir.r5.model.Parameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class WithingsTokenLifecycleIT extends WithingsIntegrationTest {

    /** Identical calls within 10 s are refused by Withings; a changing argument keeps each one distinct. */
    private static final AtomicLong DISTINCT = new AtomicLong(1_600_000_000L);


    private JsonNode getmeas(long accountId) {
        return api.call(accountId, "/measure", "getmeas", Map.of("lastupdate", Long.toString(DISTINCT.incrementAndGet())));
    }

    private Map<String, Object> tokenRow(String patientId) {
        return jdbc.sql("select access_token, refresh_token, token_expires_at from withings_account where patient_id = ?")
                .param(patientId).query().singleRow();
    }

    @Test
    void tokensInTheDatabaseAreSealedNotPlaintext() {
        String patient = newPatient();
        long user = simulator.createUser();
        link(patient, user);

        Map<String, Object> row = tokenRow(patient);
        JsonNode live = simulator.validTokens(user);
        String access = live.path("access_tokens").get(0).asText();
        String refresh = live.path("refresh_tokens").get(0).asText();

        assertThat(row.get("access_token").toString()).startsWith("v1.").doesNotContain(access).doesNotContain(refresh);
        assertThat(row.get("refresh_token").toString()).startsWith("v1.").doesNotContain(access).doesNotContain(refresh);
    }

    @Test
    void tokensNeverReachTheLog(CapturedOutput output) {
        long user = simulator.createUser();
        long account = link(newPatient(), user);
        JsonNode first = simulator.validTokens(user);
        simulator.expireTokens(user);
        getmeas(account);
        JsonNode second = simulator.validTokens(user);

        for (JsonNode tokens : List.of(first, second)) {
            tokens.path("access_tokens").forEach(token -> assertThat(output.getAll()).doesNotContain(token.asText()));
            tokens.path("refresh_tokens").forEach(token -> assertThat(output.getAll()).doesNotContain(token.asText()));
        }
        assertThat(output.getAll()).contains("Refreshed the Withings token of account " + account);
    }

    @Test
    void tokenCloseToExpiryIsRefreshedBeforeTheCallAndTheRotatedRefreshTokenIsStored() throws Exception {
        simulator.setTokenLifetimeSeconds(2);
        long user = simulator.createUser();
        String patient = newPatient();
        long account = link(patient, user);
        simulator.setTokenLifetimeSeconds(10800);
        Map<String, Object> before = tokenRow(patient);
        long refreshes = simulator.refreshGrants(user);
        Thread.sleep(2100);

        getmeas(account);

        assertThat(simulator.refreshGrants(user) - refreshes).isEqualTo(1);
        Map<String, Object> after = tokenRow(patient);
        assertThat(after.get("refresh_token")).isNotEqualTo(before.get("refresh_token"));
        assertThat(after.get("access_token")).isNotEqualTo(before.get("access_token"));
        assertThat(value(status(patient), "status")).isEqualTo("connected");
    }

    @Test
    void status401IsAnsweredWithOneRefreshAndARetry() {
        long user = simulator.createUser();
        long account = link(newPatient(), user);
        long refreshes = simulator.refreshGrants(user);
        simulator.expireTokens(user);

        JsonNode body = getmeas(account);

        assertThat(body.has("measuregrps")).isTrue();
        assertThat(simulator.refreshGrants(user) - refreshes).isEqualTo(1);
    }

    @Test
    void twentyConcurrentCallsAtExpiryCauseExactlyOneRefresh() throws Exception {
        simulator.setTokenLifetimeSeconds(2);
        long user = simulator.createUser();
        String patient = newPatient();
        long account = link(patient, user);
        simulator.setTokenLifetimeSeconds(10800);
        Thread.sleep(2100);
        long refreshes = simulator.refreshGrants(user);

        List<JsonNode> answers = concurrently(20, () -> getmeas(account));

        assertThat(answers).hasSize(20).allSatisfy(body -> assertThat(body.has("measuregrps")).isTrue());
        assertThat(simulator.refreshGrants(user) - refreshes).isEqualTo(1);
        assertThat(value(status(patient), "status")).isEqualTo("connected");
    }

    @Test
    void twentyConcurrentCallsRejectedWith401CauseExactlyOneRefresh() throws Exception {
        long user = simulator.createUser();
        String patient = newPatient();
        long account = link(patient, user);
        simulator.expireTokens(user);
        long refreshes = simulator.refreshGrants(user);

        List<JsonNode> answers = concurrently(20, () -> getmeas(account));

        assertThat(answers).hasSize(20);
        assertThat(simulator.refreshGrants(user) - refreshes).isEqualTo(1);
        assertThat(value(status(patient), "status")).isEqualTo("connected");
    }

    @Test
    void refreshTokenRevokedAtWithingsDisconnectsWithAReasonAndIsNotRetried() {
        long user = simulator.createUser();
        String patient = newPatient();
        long account = link(patient, user);
        revokeAtWithingsSilently(account, user);

        assertThatThrownBy(() -> getmeas(account)).isInstanceOf(AccountNotConnectedException.class);

        Parameters status = status(patient);
        assertThat(value(status, "status")).isEqualTo("disconnected");
        assertThat(value(status, "statusReason")).contains("Withings refused the refresh token")
                .contains("status 503").contains("reconnect");
        assertThat(status.hasParameter("lastErrorAt")).isTrue();
        long tokenCalls = simulator.calls(user, "requesttoken");
        long dataCalls = simulator.calls(user, "getmeas");
        assertThatThrownBy(() -> getmeas(account)).isInstanceOf(AccountNotConnectedException.class);
        assertThat(simulator.calls(user, "requesttoken")).as("no refresh loop").isEqualTo(tokenCalls);
        assertThat(simulator.calls(user, "getmeas")).isEqualTo(dataCalls);
    }

    @Test
    void status401RightAfterARefreshDisconnects() {
        long user = simulator.createUser();
        String patient = newPatient();
        long account = link(patient, user);
        simulator.userFault(user, "getmeas", 2, "\"status\": 401");

        assertThatThrownBy(() -> getmeas(account)).isInstanceOf(AccountNotConnectedException.class);

        Parameters status = status(patient);
        assertThat(value(status, "status")).isEqualTo("disconnected");
        assertThat(value(status, "statusReason")).contains("freshly refreshed access token");
    }

    @Test
    void transientRefreshFailuresAreRetriedWithoutDisconnecting() {
        long user = simulator.createUser();
        String patient = newPatient();
        long account = link(patient, user);
        simulator.expireTokens(user);
        long refreshes = simulator.refreshGrants(user);
        simulator.userFault(user, "requesttoken", 1, "\"http_status\": 500");
        simulator.userFault(user, "requesttoken", 1, "\"status\": 522");

        JsonNode body = getmeas(account);

        assertThat(body.has("measuregrps")).isTrue();
        assertThat(simulator.refreshGrants(user) - refreshes).isEqualTo(1);
        assertThat(value(status(patient), "status")).isEqualTo("connected");
    }

    @Test
    void refreshThatTimesOutIsRetriedWithoutDisconnecting() {
        long user = simulator.createUser();
        String patient = newPatient();
        long account = link(patient, user);
        simulator.expireTokens(user);
        long refreshes = simulator.refreshGrants(user);
        simulator.userFault(user, "requesttoken", 1, "\"delay_ms\": 3000");

        assertThat(getmeas(account).has("measuregrps")).isTrue();

        assertThat(value(status(patient), "status")).isEqualTo("connected");
        assertThat(simulator.refreshGrants(user) - refreshes).as("the timed-out refresh also completed late")
                .isBetween(1L, 2L);
    }

    @Test
    void refreshThatKeepsFailingTransientlyKeepsTheAccountConnectedAndReportsTheError() {
        long user = simulator.createUser();
        String patient = newPatient();
        long account = link(patient, user);
        simulator.expireTokens(user);
        simulator.userFault(user, "requesttoken", 3, "\"http_status\": 503");

        assertThatThrownBy(() -> getmeas(account)).isInstanceOf(WithingsUnavailableException.class);

        Parameters status = status(patient);
        assertThat(value(status, "status")).isEqualTo("connected");
        assertThat(value(status, "lastError")).contains("Token refresh failed, will retry later");
        assertThat(getmeas(account).has("measuregrps")).as("the next attempt works").isTrue();
    }

    @Test
    void tooManyRequestsPausesEveryWithingsCallOfThisServer() {
        long user = simulator.createUser();
        long account = link(newPatient(), user);
        simulator.userFault(user, "getmeas", 1, "\"status\": 601");
        java.time.Instant before = java.time.Instant.now();

        assertThatThrownBy(() -> getmeas(account)).isInstanceOf(dev.pulsebridge.mapping.withings.WithingsApiException.class)
                .hasMessageContaining("601");

        java.time.OffsetDateTime blockedUntil = jdbc.sql("select blocked_until from rate_limit_bucket where bucket = 'withings'")
                .query(java.time.OffsetDateTime.class).single();
        // release the pause at once so the tests that follow are not slowed down by it
        jdbc.sql("update rate_limit_bucket set blocked_until = null where bucket = 'withings'").update();
        assertThat(blockedUntil.toInstant()).isAfter(before.plusSeconds(9));
    }

    private static <T> List<T> concurrently(int callers, Callable<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
