package dev.pulsebridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulsebridge.mapping.withings.MeasureGroup;
import dev.pulsebridge.mapping.withings.Page;
import dev.pulsebridge.mapping.withings.WithingsPayloads;
import org.junit.jupiter.api.Test;

class MeasureContractTest extends SimulatorTestBase {

    private static String weight(long grpid, long date, int grams) {
        return "{\"grpid\":" + grpid + ",\"date\":" + date + ",\"deviceid\":\"d1\",\"hash_deviceid\":\"d1\",\"model\":\"Body+\","
                + "\"modelid\":5,\"measures\":[{\"type\":1,\"value\":" + grams + ",\"unit\":-3}]}";
    }

    @Test
    void getmeasAnswersStoredGroupsInAShapeTheMapperReads() {
        long user = newUser();
        addGroups(user, "[" + weight(11, 1_700_000_000, 80_094) + "]");

        Page<MeasureGroup> page = WithingsPayloads.measureGroups(
                client.post("/measure", accessToken(user), "action", "getmeas", "category", "1"));

        assertThat(page.items()).singleElement().satisfies(group -> {
            assertThat(group.grpid()).isEqualTo(11);
            assertThat(group.measures().get(0).decoded()).isEqualByComparingTo("80.094");
            assertThat(group.zone().getId()).isEqualTo("Europe/Paris");
        });
        assertThat(page.more()).isFalse();
    }

    @Test
    void getmeasPagesWithMoreAndOffset() {
        long user = newUser();
        addGroups(user, "[" + weight(1, 1_700_000_001, 80_000) + "," + weight(2, 1_700_000_002, 80_100) + ","
                + weight(3, 1_700_000_003, 80_200) + "]");
        String token = accessToken(user);

        JsonNode first = client.post("/measure", token, "action", "getmeas");
        JsonNode second = client.post("/measure", token, "action", "getmeas", "offset", first.path("body").path("offset").asText());

        assertThat(first.path("body").path("more").asInt()).isEqualTo(1);
        assertThat(first.path("body").path("measuregrps")).hasSize(2);
        assertThat(second.path("body").path("measuregrps")).hasSize(1);
        assertThat(second.path("body").has("more")).isFalse();
    }

    @Test
    void lastupdateReturnsOnlyGroupsChangedSince() {
        long user = newUser();
        addGroups(user, "[{\"grpid\":1,\"date\":1700000000,\"modified\":1700000000,\"measures\":[{\"type\":1,\"value\":1,\"unit\":0}]},"
                + "{\"grpid\":2,\"date\":1700000100,\"modified\":1700000500,\"measures\":[{\"type\":1,\"value\":2,\"unit\":0}]}]");

        JsonNode body = client.post("/measure", accessToken(user), "action", "getmeas", "lastupdate", "1700000200").path("body");

        assertThat(body.path("measuregrps")).extracting(g -> g.path("grpid").asLong()).containsExactly(2L);
    }

    @Test
    void meastypesKeepsOnlyThoseTypes() {
        long user = newUser();
        addGroups(user, "[{\"grpid\":5,\"date\":1700000000,\"measures\":[{\"type\":1,\"value\":80000,\"unit\":-3},"
                + "{\"type\":6,\"value\":20000,\"unit\":-3}]},{\"grpid\":6,\"date\":1700000001,"
                + "\"measures\":[{\"type\":9,\"value\":80,\"unit\":0}]}]");

        JsonNode groups = client.post("/measure", accessToken(user), "action", "getmeas", "meastypes", "6").path("body").path("measuregrps");

        assertThat(groups).singleElement().satisfies(g -> assertThat(g.path("measures"))
                .extracting(m -> m.path("type").asInt()).containsExactly(6));
    }

    @Test
    void deletedGroupDisappearsFromGetmeas() {
        long user = newUser();
        addGroups(user, "[" + weight(21, 1_700_000_000, 70_000) + "]");
        client.admin("DELETE", "/users/" + user + "/measuregrps/21", null);

        assertThat(client.post("/measure", accessToken(user), "action", "getmeas").path("body").path("measuregrps")).isEmpty();
    }

    @Test
    void unknownActionAnswers2554() {
        assertThat(client.post("/measure", accessToken(newUser()), "action", "getsomething").path("status").asInt()).isEqualTo(2554);
    }

    @Test
    void sameCallWithinTenSecondsIsRateLimitedWithWaitSeconds() {
        String token = accessToken(newUser());
        client.post("/measure", token, "action", "getmeas", "startdate", "1");

        JsonNode repeated = client.post("/measure", token, "action", "getmeas", "startdate", "1");

        assertThat(repeated.path("status").asInt()).isEqualTo(601);
        assertThat(repeated.path("body").path("wait_seconds").asInt()).isBetween(1, 10);
    }
}
