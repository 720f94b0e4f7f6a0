package dev.pulsebridge.server.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.pulsebridge.mapping.fhir.StableIds;
import dev.pulsebridge.server.support.WithingsIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.hl7.fhir.r5.model.Bundle;
import org.hl7.fhir.r5.model.Enumerations.ObservationStatus;
import org.hl7.fhir.r5.model.Observation;
import org.hl7.fhir.r5.model.Parameters;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The sync engine end to end: the simulator over HTTP, webhooks delivered to this server, jobs in
 * PostgreSQL, Observations in the FHIR store.
 */
class SyncEngineIT extends WithingsIntegrationTest {

    private static final String LOINC = "http://loinc.org";
    private static final String WEIGHT = "29463-7";
    private static final String SLEEP_DURATION = "93832-4";
    private static final String STEPS = "41950-7";
    private static final String BMI = "39156-5";
    private static final Set<Integer> ALL_APPLIS = Set.of(1, 2, 4, 16, 44, 46, 50, 51, 54);
    /**
     * Four months of generated history inside a one-year backfill. Throughput at scale is bench/run's job,
     * not this test's.
     */
    private static final int HISTORY_DAYS = 120;

    @Autowired
    private SyncWorkers workers;

    @Autowired
    private SyncJobQueue queue;

    @Autowired
    private SyncScheduler scheduler;

    @Test
    void linkingSubscribesWebhooksAndBackfillsAYearPageByPage() {
        long user = simulator.createUser();
        JsonNode generated = simulator.generate(user, HISTORY_DAYS, 7, LocalDate.now(ZoneOffset.UTC).minusDays(1));
        String patient = newPatient();
        Instant linked = Instant.now();

        link(patient, user, "P1Y");
        // about 7,700 Observations
        Parameters status = awaitStatus(patient, Duration.ofMinutes(6), SyncEngineIT::backfillComplete);
        System.out.printf("Backfill of %d days took %d ms%n", HISTORY_DAYS, Duration.between(linked, Instant.now()).toMillis());

        assertThat(subscribedApplis(user)).isEqualTo(ALL_APPLIS);
        assertThat(value(status, "webhooks")).isEqualTo("subscribed");
        assertThat(count(patient, SLEEP_DURATION)).isEqualTo(generated.path("sleep").asInt());
        assertThat(count(patient, STEPS)).isEqualTo(generated.path("activity").asInt());
        assertThat(count(patient, WEIGHT)).isEqualTo(groupsWithWeight(user));
        assertThat(count(patient, BMI)).as("heights are read first, so every weigh-in gets a BMI").isEqualTo(count(patient, WEIGHT));
        Map<String, String> backfill = parts(status, "backfill");
        assertThat(backfill.get("windowsDone")).isEqualTo(backfill.get("windowsTotal"));
        assertThat(Integer.parseInt(backfill.get("windowsTotal"))).as("a year is one window per data kind").isEqualTo(4);
        assertThat(Long.parseLong(backfill.get("observationsWritten"))).isGreaterThan(5_000);
        assertThat(value(status, "lastSuccessfulSync")).isNotNull();
        // nights since a week before the link come with their stages and per-minute series (sleep-series-history)
        String seriesSince = linked.truncatedTo(java.time.temporal.ChronoUnit.DAYS).minus(Duration.ofDays(7)).toString();
        int recentNights = countLocal(patient, "sleep:summary", "&date=ge" + seriesSince);
        assertThat(recentNights).as("mornings of the 7 days before the link").isEqualTo(7);
        assertThat(countLocal(patient, "sleep-series:state", "")).isEqualTo(recentNights);
        assertThat(countLocal(patient, "sleep-series:hr", "")).isEqualTo(recentNights);
        int recordings = generated.path("ecg").asInt();
        assertThat(countLocal(patient, "heart:signal", "")).as("every ECG with its strip").isEqualTo(recordings);
        // days whose end (Paris time, the simulator's) is since a week before the link come with their slices
        LocalDate lastDay = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        long recentDays = lastDay.minusDays(HISTORY_DAYS - 1L).datesUntil(lastDay.plusDays(1))
                .filter(day -> !day.plusDays(1).atStartOfDay(java.time.ZoneId.of("Europe/Paris")).toInstant()
                        .isBefore(Instant.parse(seriesSince)))
                .count();
        assertThat(countLocal(patient, "intraday:steps", "")).isEqualTo(recentDays);
        assertThat(countLocal(patient, "intraday:heart_rate", "")).isEqualTo(recentDays);
        // one read per kind pages through the year (heights, measures, days, workouts, nights, ECGs), one sleep
        // get per recent night, one getintradayactivity per recent day and one heart get per ECG
        assertThat(simulator.dataCalls(user)).as("Withings data calls for a year of backfill")
                .isLessThanOrEqualTo(15 + recentNights + recentDays + recordings);
    }

    @Test
    void aRecentNightComesWithItsHypnogramAndHeartRateSeriesAsMembersOfItsPanel() {
        String patient = backfilledWithThreeRecentDays(11);

        Observation stages = newest(patient, dev.pulsebridge.terminology.Canonicals.WITHINGS_MEASURE + "|sleep-series:state");
        org.hl7.fhir.r5.model.SampledData hypnogram = stages.getValueSampledData();
        assertThat(hypnogram.getCodeMap()).isEqualTo(dev.pulsebridge.terminology.Canonicals.SLEEP_STATE_DATA);
        assertThat(hypnogram.getData().split(" ")).hasSameSizeAs(hypnogram.getOffsets().split(" ")).contains("1", "2", "3");
        Bundle panel = fhirClient().search().byUrl("Observation?subject=Patient/" + patient + "&code="
                + dev.pulsebridge.terminology.Canonicals.WITHINGS_MEASURE + "|sleep:summary&has-member=Observation/"
                + stages.getIdPart()).returnBundle(Bundle.class).execute();
        assertThat(panel.getEntry()).as("the night's panel lists the hypnogram among its members").hasSize(1);
        Observation heartRate = searchByCode(patient, "8867-4").getEntry().stream().map(e -> (Observation) e.getResource())
                .filter(Observation::hasValueSampledData)
                .filter(series -> series.getEffectivePeriod().getStart().equals(stages.getEffectivePeriod().getStart()))
                .findFirst().orElseThrow();
        assertThat(heartRate.getValueSampledData().getInterval().intValue()).isEqualTo(60);
    }

    @Test
    void aRecentDaysStepsAreDerivedFromItsIntradayStepsWhichAddUpToThem() {
        String patient = backfilledWithThreeRecentDays(13);

        Observation steps = newest(patient, LOINC + "|" + STEPS);
        assertThat(steps.getDerivedFrom()).hasSize(1);
        Observation series = fhirClient().read().resource(Observation.class)
                .withId(steps.getDerivedFromFirstRep().getReference()).execute();
        int sum = java.util.Arrays.stream(series.getValueSampledData().getData().split(" "))
                .filter(datum -> !datum.equals("E")).mapToInt(Integer::parseInt).sum();
        assertThat(series.getCode().getCodingFirstRep().getCode()).isEqualTo("55423-8");
        assertThat(sum).isEqualTo(steps.getValueQuantity().getValue().intValue());
    }

    @Test
    void newReadingIsSearchableSecondsAfterTheNotification() {
        long user = simulator.createUser();
        String patient = newPatient();
        link(patient, user);
        long grpid = 7_000_000_000L + user;

        Instant added = Instant.now();
        simulator.addMeasureGroups(user, "[" + weighIn(grpid, 81_250, added.getEpochSecond() - 60) + "]");
        Observation weight = awaitObservation(weightId(user, grpid), Duration.ofSeconds(10), o -> true);
        System.out.printf("Notification to searchable Observation: %d ms%n", Duration.between(added, Instant.now()).toMillis());

        assertThat(weight.getValueQuantity().getValue()).isEqualByComparingTo("81.25");
        assertThat(weight.getSubject().getReference()).isEqualTo("Patient/" + patient);
        assertThat(searchByCode(patient, WEIGHT).getEntry()).hasSize(1);
    }

    @Test
    void theSameNotificationReplayedFiveTimesChangesNothing() {
        long user = simulator.createUser();
        String patient = newPatient();
        link(patient, user);
        long grpid = 7_100_000_000L + user;
        long taken = Instant.now().getEpochSecond() - 120;
        simulator.addMeasureGroups(user, "[" + weighIn(grpid, 70_000, taken) + "]");
        String version = awaitObservation(weightId(user, grpid), Duration.ofSeconds(10), o -> true).getMeta().getVersionId();
        int provenances = provenanceCount(patient);

        for (int i = 0; i < 5; i++) {
            assertThat(postForm(webhookUrl(), "userid=" + user + "&appli=1&startdate=" + taken + "&enddate=" + taken)
                    .statusCode()).isEqualTo(200);
        }
        awaitStatus(patient, Duration.ofSeconds(40), s -> "0".equals(value(s, "queuedJobs")));

        assertThat(read(weightId(user, grpid)).getMeta().getVersionId()).isEqualTo(version);
        assertThat(provenanceCount(patient)).isEqualTo(provenances);
        assertThat(searchByCode(patient, WEIGHT).getEntry()).hasSize(1);
    }

    @Test
    void anEditAtWithingsUpdatesTheObservationAndADeleteMarksItEnteredInError() {
        long user = simulator.createUser();
        String patient = newPatient();
        link(patient, user);
        long grpid = 7_200_000_000L + user;
        long taken = Instant.now().getEpochSecond() - 300;
        simulator.addMeasureGroups(user, "[" + weighIn(grpid, 90_000, taken) + "]");
        awaitObservation(weightId(user, grpid), Duration.ofSeconds(10), o -> true);

        // the edit's notification names the same window as the first one: the re-read waits out Withings' 10 s rule
        simulator.updateMeasureGroup(user, grpid, weighIn(grpid, 89_400, taken));
        Observation edited = awaitObservation(weightId(user, grpid), Duration.ofSeconds(40),
                o -> o.getValueQuantity().getValue().compareTo(new java.math.BigDecimal("89.4")) == 0);
        assertThat(edited.getMeta().getVersionId()).isEqualTo("2");
        assertThat(edited.getStatus()).isEqualTo(ObservationStatus.FINAL);

        simulator.deleteMeasureGroup(user, grpid);
        Observation deleted = awaitObservation(weightId(user, grpid), Duration.ofSeconds(40),
                o -> o.getStatus() == ObservationStatus.ENTEREDINERROR);
        assertThat(deleted.getValueQuantity().getValue()).isEqualByComparingTo("89.4");
    }

    @Test
    void aBurstOfTwoHundredNotificationsForOneUserCostsAHandfulOfWithingsCalls() {
        long user = simulator.createUser();
        String patient = newPatient();
        link(patient, user, "none");
        awaitStatus(patient, Duration.ofSeconds(30), s -> "subscribed".equals(value(s, "webhooks"))
                && "0".equals(value(s, "queuedJobs")));
        long callsBefore = simulator.totalCalls(user);
        long now = Instant.now().getEpochSecond();

        for (int i = 0; i < 200; i++) {
            long at = now - 3600 + i * 10L;
            assertThat(postForm(webhookUrl(), "userid=" + user + "&appli=1&startdate=" + at + "&enddate=" + at)
                    .statusCode()).isEqualTo(200);
        }
        awaitStatus(patient, Duration.ofSeconds(60), s -> "0".equals(value(s, "queuedJobs"))
                && inboxPending(user) == 0);

        long calls = simulator.totalCalls(user) - callsBefore;
        System.out.printf("200 notifications cost %d Withings calls%n", calls);
        assertThat(calls).isBetween(1L, 6L);
    }

    @Test
    void status601AndHttp500FromWithingsAreRiddenOut() {
        long user = simulator.createUser();
        String patient = newPatient();
        link(patient, user);
        long grpid = 7_300_000_000L + user;
        simulator.userFault(user, "getmeas", 2, "\"http_status\": 500");
        simulator.userFault(user, "getmeas", 1, "\"status\": 601");
        try {
            simulator.addMeasureGroups(user, "[" + weighIn(grpid, 66_600, Instant.now().getEpochSecond() - 60) + "]");

            Observation weight = awaitObservation(weightId(user, grpid), Duration.ofSeconds(40), o -> true);
            assertThat(weight.getValueQuantity().getValue()).isEqualByComparingTo("66.6");
        } finally {
            // a 601 pauses every Withings call of the server; do not slow down the tests that follow
            jdbc.sql("update rate_limit_bucket set blocked_until = null where bucket = 'withings'").update();
        }
    }

    @Test
    void stoppingTheWorkersMidBackfillAndStartingThemAgainCompletesWithNoGapAndNoDuplicate() throws Exception {
        long user = simulator.createUser();
        JsonNode generated = simulator.generate(user, 170, 11, LocalDate.now(ZoneOffset.UTC).minusDays(1));
        String patient = newPatient();
        long account = link(patient, user, "P6M");
        awaitStatus(patient, Duration.ofMinutes(2),
                s -> Long.parseLong(parts(s, "backfill").get("observationsWritten")) >= 1_000);

        workers.stop();
        try {
            Map<String, String> stopped = parts(status(patient), "backfill");
            // stop() returned once the worker threads ended and handed their jobs back: work waits, none runs
            assertThat(queue.forAccount(account)).as("nothing runs while stopped")
                    .noneMatch(job -> job.state().equals("running")).anyMatch(job -> job.state().equals("pending"));
            assertThat(parts(status(patient), "backfill").get("observationsWritten")).as("nothing runs while stopped")
                    .isEqualTo(stopped.get("observationsWritten"));
            assertThat(stopped.get("complete")).isEqualTo("false");
        } finally {
            // the context is shared: whatever this test found, the tests after it need running workers
            workers.start();
        }

        awaitStatus(patient, Duration.ofMinutes(4), SyncEngineIT::backfillComplete);
        assertThat(count(patient, SLEEP_DURATION)).isEqualTo(generated.path("sleep").asInt());
        assertThat(count(patient, STEPS)).isEqualTo(generated.path("activity").asInt());
        assertThat(count(patient, WEIGHT)).isEqualTo(groupsWithWeight(user));
    }

    @Test
    void anAccountInPollingModeIsPolledAndAReadingWithoutANotificationArrives() {
        long user = simulator.createUser();
        String patient = newPatient();
        long account = link(patient, user);
        jdbc.sql("update sync_account set webhook_mode = 'polling', next_poll_at = ? where account_id = ?")
                .params(java.time.OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1), account).update();
        long grpid = 7_400_000_000L + user;
        simulator.addMeasureGroupsSilently(user, "[" + weighIn(grpid, 55_500, Instant.now().getEpochSecond() - 30) + "]");

        // The scheduler's own thread may claim the due poll first; either way exactly one poll runs.
        scheduler.runDue();

        Observation weight = awaitObservation(weightId(user, grpid), Duration.ofSeconds(15), o -> true);
        assertThat(weight.getValueQuantity().getValue()).isEqualByComparingTo("55.5");
        assertThat(jdbc.sql("select next_poll_at > now() from sync_account where account_id = ?")
                .param(account).query(Boolean.class).single()).isTrue();
        assertThat(value(status(patient), "webhooks")).isEqualTo("polling");
        assertThat(status(patient).hasParameter("nextPoll")).isTrue();
    }

    @Test
    void manualSyncIsQueuedAndAskingAgainAtOnceIsRefusedWithRetryAfter() {
        long user = simulator.createUser();
        String patient = newPatient();
        link(patient, user, "none");

        Parameters queued = operation(patient, "$withings-sync");
        assertThat(value(queued, "status")).isEqualTo("queued");
        assertThat(values(queued, "job")).hasSize(4);

        assertThatThrownBy(() -> operation(patient, "$withings-sync"))
                .isInstanceOfSatisfying(BaseServerResponseException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(429);
                    assertThat(e.getMessage()).contains("try again in");
                });
    }

    @Test
    void manualSyncOfAPatientWithoutAConnectedAccountIsAConflict() {
        assertThatThrownBy(() -> operation(newPatient(), "$withings-sync"))
                .isInstanceOfSatisfying(BaseServerResponseException.class,
                        e -> assertThat(e.getStatusCode()).isEqualTo(409));
    }

    private static boolean backfillComplete(Parameters status) {
        return "true".equals(parts(status, "backfill").get("complete"));
    }

    private Observation awaitObservation(String id, Duration timeout, Predicate<Observation> condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            try {
                Observation observation = read(id);
                if (condition.test(observation)) {
                    return observation;
                }
            } catch (BaseServerResponseException notYet) {
                assertThat(notYet.getStatusCode()).isEqualTo(404);
            }
            assertThat(Instant.now()).as("Observation/%s never arrived as expected", id).isBefore(deadline);
            sleep(50);
        }
    }

    private Observation read(String id) {
        return fhirClient().read().resource(Observation.class).withId(id).execute();
    }

    private int count(String patient, String loinc) {
        return fhirClient().search().byUrl("Observation?subject=Patient/" + patient + "&code=" + LOINC + "|" + loinc
                + "&_summary=count").returnBundle(Bundle.class).execute().getTotal();
    }

    /** Observations of the patient under one of our local codes, {@code more} added to the search. */
    /** A patient linked to a Withings user with three generated days up to yesterday, backfilled. */
    private String backfilledWithThreeRecentDays(long seed) {
        long user = simulator.createUser();
        simulator.generate(user, 3, seed, LocalDate.now(ZoneOffset.UTC).minusDays(1));
        String patient = newPatient();
        link(patient, user, "P1Y");
        awaitStatus(patient, Duration.ofMinutes(3), SyncEngineIT::backfillComplete);
        return patient;
    }

    private Observation newest(String patient, String systemAndCode) {
        return (Observation) fhirClient().search().byUrl("Observation?subject=Patient/" + patient + "&code=" + systemAndCode
                + "&_sort=-date&_count=1").returnBundle(Bundle.class).execute().getEntryFirstRep().getResource();
    }

    private int countLocal(String patient, String localCode, String more) {
        return fhirClient().search().byUrl("Observation?subject=Patient/" + patient + "&code="
                + dev.pulsebridge.terminology.Canonicals.WITHINGS_MEASURE + "|" + localCode + more + "&_summary=count")
                .returnBundle(Bundle.class).execute().getTotal();
    }

    private Bundle searchByCode(String patient, String loinc) {
        return fhirClient().search().byUrl("Observation?subject=Patient/" + patient + "&code=" + LOINC + "|" + loinc)
                .returnBundle(Bundle.class).execute();
    }

    private int provenanceCount(String patient) {
        return fhirClient().search().byUrl("Provenance?patient=Patient/" + patient + "&_summary=count")
                .returnBundle(Bundle.class).execute().getTotal();
    }

    private int inboxPending(long user) {
        return jdbc.sql("select count(*) from webhook_inbox where withings_user_id = ? and outcome = 'pending'")
                .param(Long.toString(user)).query(Integer.class).single();
    }

    private Set<Integer> subscribedApplis(long user) {
        Set<Integer> applis = new TreeSet<>();
        simulator.subscriptions(user).forEach(subscription -> applis.add(subscription.path("appli").asInt()));
        return applis;
    }

    /** What the simulator holds, read as the server would (every group with a weight). */
    private int groupsWithWeight(long user) {
        return simulator.measureGroupsWithType(user, 1);
    }

    private static Map<String, String> parts(Parameters status, String name) {
        Map<String, String> values = new java.util.HashMap<>();
        status.getParameters(name).stream().findFirst().ifPresent(parameter -> parameter.getPart()
                .forEach(part -> values.put(part.getName(), part.getValue().primitiveValue())));
        return values;
    }

    private static String weightId(long user, long grpid) {
        return StableIds.observation(user + ".getmeas." + grpid + ".1");
    }

    private static String weighIn(long grpid, long grams, long at) {
        return """
                {"grpid": %d, "attrib": 0, "date": %d, "created": %d, "modified": %d, "category": 1,
                 "deviceid": null, "hash_deviceid": null, "model": null, "modelid": null,
                 "measures": [{"value": %d, "type": 1, "unit": -3, "algo": 0, "fm": 3}]}"""
                .formatted(grpid, at, at, Instant.now().getEpochSecond(), grams);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
