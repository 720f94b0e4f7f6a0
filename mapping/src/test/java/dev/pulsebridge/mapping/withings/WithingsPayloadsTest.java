package dev.pulsebridge.mapping.withings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulsebridge.mapping.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

class WithingsPayloadsTest {

    @Test
    void envelopeWithAnErrorStatusIsRejectedWithThatStatus() {
        assertThatThrownBy(() -> WithingsPayloads.body(WithingsPayloads.parse(
                "{\"status\":401,\"body\":{},\"error\":\"invalid_token\"}")))
                .isInstanceOf(WithingsApiException.class)
                .hasMessageContaining("invalid_token")
                .satisfies(e -> assertThat(((WithingsApiException) e).status()).isEqualTo(401));
    }

    @Test
    void missingMoreAndOffsetMeanTheLastPage() {
        Page<MeasureGroup> page = WithingsPayloads.measureGroups(Fixtures.json("joostlek-python-withings/measurement.json"));

        assertThat(page.more()).isFalse();
        assertThat(page.offset()).isZero();
    }

    @Test
    void moreAndOffsetAreReadWhenPresent() {
        Page<SleepSummary> page = WithingsPayloads.sleepSummaries(Fixtures.json("joostlek-python-withings/sleep_summary.first3.json"));

        assertThat(page.more()).isTrue();
        assertThat(page.offset()).isEqualTo(300);
    }

    @Test
    void useridIsReadAsTextWhetherSentAsNumberOrString() {
        TokenResponse fromNumber = WithingsPayloads.token(Fixtures.json("roessland-withoutings/token-refresh-response.from-oauth_test.go.json"));
        TokenResponse fromString = WithingsPayloads.token(WithingsPayloads.parse(
                "{\"status\":0,\"body\":{\"userid\":\"133337\",\"access_token\":\"a\",\"refresh_token\":\"r\",\"expires_in\":\"10800\"}}"));

        assertThat(fromNumber.userId()).isEqualTo("133337").isEqualTo(fromString.userId());
        assertThat(fromString.expiresInSeconds()).isEqualTo(10800);
    }

    @Test
    void tokenResponseNeverPrintsItsTokens() {
        TokenResponse token = WithingsPayloads.token(Fixtures.json("roessland-withoutings/token-refresh-response.from-oauth_test.go.json"));

        assertThat(token.toString()).doesNotContain("b123456789a").doesNotContain("3425678965432145367f");
    }

    @Test
    void modelIdIsReadUnderEitherSpelling() {
        MeasureGroup modelid = WithingsPayloads.measureGroups(WithingsPayloads.parse(
                "{\"measuregrps\":[{\"grpid\":1,\"date\":1,\"modelid\":5,\"measures\":[]}]}")).items().get(0);
        MeasureGroup modelUnderscoreId = WithingsPayloads.measureGroups(WithingsPayloads.parse(
                "{\"measuregrps\":[{\"grpid\":1,\"date\":1,\"model_id\":5,\"measures\":[]}]}")).items().get(0);

        assertThat(modelid.modelId()).isEqualTo(5).isEqualTo(modelUnderscoreId.modelId());
    }

    @Test
    void nightEventsAreReadWhetherSentAsObjectOrAsJsonString() {
        SleepSummary fromString = WithingsPayloads.sleepSummaries(
                Fixtures.json("roessland-withoutings/withings-resp-sleepv2-getsummary-0.json")).items().get(0);
        SleepSummary fromObject = WithingsPayloads.sleepSummaries(WithingsPayloads.parse(
                "{\"series\":[{\"startdate\":1,\"enddate\":2,\"data\":{\"night_events\":{\"1\":[0,28500]}}}]}")).items().get(0);

        assertThat(fromString.nightEvents().get("1")).isEqualTo(List.of(0L, 28500L));
        assertThat(fromObject.nightEvents().get("1")).isEqualTo(List.of(0L, 28500L));
    }

    @Test
    void goalsSentAsAnEmptyArrayMeanNoGoals() {
        Goals goals = WithingsPayloads.goals(Fixtures.json("joostlek-python-withings/no_goals.json"));

        assertThat(goals).isEqualTo(new Goals(null, null, null));
    }

    @Test
    void sleepDateMayBeEpochSecondsInOlderPayloads() {
        SleepSummary night = WithingsPayloads.sleepSummaries(Fixtures.json("home-assistant-core/get_sleep.json")).items().get(0);

        assertThat(night.date()).hasToString("2019-02-01");
    }

    @Test
    void malformedJsonIsAClearError() {
        assertThatThrownBy(() -> WithingsPayloads.parse("{\"status\":0,"))
                .isInstanceOf(WithingsApiException.class).hasMessageContaining("malformed JSON");
    }
}
