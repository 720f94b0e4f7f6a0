package dev.pulsebridge.server.security;

import static dev.pulsebridge.server.security.SmartScope.Interaction.CREATE;
import static dev.pulsebridge.server.security.SmartScope.Interaction.DELETE;
import static dev.pulsebridge.server.security.SmartScope.Interaction.READ;
import static dev.pulsebridge.server.security.SmartScope.Interaction.SEARCH;
import static dev.pulsebridge.server.security.SmartScope.Interaction.UPDATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulsebridge.server.security.SmartScope.Context;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SmartScopesTest {

    private static SmartScope scope(String text) {
        return SmartScope.parse(text).orElseThrow();
    }

    @Test
    void v1ReadIsV2ReadAndSearch() {
        assertThat(scope("patient/Observation.read")).isEqualTo(scope("patient/Observation.rs"));
        assertThat(scope("patient/Observation.read").interactions()).containsExactly(READ, SEARCH);
    }

    @Test
    void v1WriteIsCreateUpdateDeleteAndStarIsEverything() {
        assertThat(scope("user/Patient.write").interactions()).containsExactly(CREATE, UPDATE, DELETE);
        assertThat(scope("system/*.*")).isEqualTo(scope("system/*.cruds"));
    }

    @Test
    void v2LettersGrantExactlyWhatTheyName() {
        SmartScope scope = scope("patient/Patient.u");
        assertThat(scope.context()).isEqualTo(Context.PATIENT);
        assertThat(scope.resourceType()).isEqualTo("Patient");
        assertThat(scope.interactions()).containsExactly(UPDATE);
    }

    @Test
    void lettersOutOfOrderOrRepeatedAreRefused() {
        for (String bad : List.of("patient/Observation.sr", "patient/Observation.rr", "patient/Observation.x",
                "patient/observation.rs", "patient/Observation", "nurse/Observation.rs", "patient/Observation.")) {
            assertThatThrownBy(() -> SmartScopes.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aGranularScopeCarriesItsSearchRestriction() {
        SmartScope scope = scope("patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|vital-signs");
        assertThat(scope.restriction()).containsExactly(
                Map.entry("category", "http://terminology.hl7.org/CodeSystem/observation-category|vital-signs"));
        assertThat(scope.toString()).isEqualTo(
                "patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|vital-signs");
    }

    @Test
    void restrictionsNeedV2PermissionsAndWellFormedPairs() {
        assertThatThrownBy(() -> SmartScopes.parse("patient/Observation.read?category=vital-signs"))
                .hasMessageContaining("v2 permissions");
        assertThatThrownBy(() -> SmartScopes.parse("patient/Observation.rs?category")).hasMessageContaining("name=value");
        assertThatThrownBy(() -> SmartScopes.parse("patient/Observation.rs?code=a&code=b")).hasMessageContaining("twice");
    }

    @Test
    void contextAndIdentityScopesAreKnownButGrantNoData() {
        SmartScopes scopes = SmartScopes.parse("openid fhirUser launch/patient offline_access");
        assertThat(scopes.resourceScopes()).isEmpty();
        assertThat(scopes.has("launch/patient")).isTrue();
        assertThat(scopes.allows("Patient", READ)).isFalse();
    }

    @Test
    void anUnknownScopeIsNamed() {
        assertThatThrownBy(() -> SmartScopes.parse("patient/Observation.rs admin-everything"))
                .hasMessage("Unknown scope 'admin-everything'");
    }

    @Test
    void scopesAddUpAndTheWildcardCoversEveryType() {
        SmartScopes scopes = SmartScopes.parse("patient/Observation.rs patient/Patient.r user/*.s");
        assertThat(scopes.allows("Observation", READ)).isTrue();
        assertThat(scopes.allows("Patient", SEARCH)).isTrue();
        assertThat(scopes.allows("Device", SEARCH)).isTrue();
        assertThat(scopes.allows("Device", READ)).isFalse();
        assertThat(scopes.allows("Observation", CREATE)).isFalse();
        assertThat(scopes.contexts("Observation", SEARCH)).containsExactly(Context.PATIENT, Context.USER);
    }

    @Test
    void restrictionsApplyOnlyWhenEveryGrantingScopeIsRestricted() {
        SmartScopes vitalsOrLabs = SmartScopes.parse(
                "patient/Observation.rs?category=vital-signs patient/Observation.rs?category=laboratory");
        assertThat(vitalsOrLabs.restrictions("Observation", SEARCH))
                .containsExactly(Map.of("category", "vital-signs"), Map.of("category", "laboratory"));

        SmartScopes alsoUnrestricted = SmartScopes.parse("patient/Observation.rs?category=vital-signs patient/Observation.r");
        assertThat(alsoUnrestricted.restrictions("Observation", READ)).isEmpty();
        assertThat(alsoUnrestricted.restrictions("Observation", SEARCH)).containsExactly(Map.of("category", "vital-signs"));
    }

    @Test
    void anyPatientScopeNeedsAPatientContext() {
        assertThat(SmartScopes.parse("patient/Observation.rs openid").needsPatientContext()).isTrue();
        assertThat(SmartScopes.parse("user/Observation.rs system/*.rs").needsPatientContext()).isFalse();
    }

    @Test
    void aClientMayAskForLessThanItWasRegisteredForButNeverMore() {
        SmartScopes registered = SmartScopes.parse("system/*.cruds system/Observation.rs?category=vital-signs");

        assertThat(SmartScopes.parse("system/Observation.rs system/Patient.read").within(registered)).isTrue();
        assertThat(SmartScopes.parse("patient/Observation.rs").within(registered)).as("another context").isFalse();
        assertThat(SmartScopes.parse("system/Observation.rs").within(SmartScopes.parse("system/Observation.r")))
                .as("more interactions").isFalse();
        assertThat(SmartScopes.parse("system/Observation.rs").within(SmartScopes.parse("system/Observation.rs?category=x")))
                .as("wider than a restricted grant").isFalse();
    }

    @Test
    void theScopesPrintInV2Syntax() {
        assertThat(SmartScopes.parse("patient/Observation.read openid  user/Patient.write").toString())
                .isEqualTo("patient/Observation.rs user/Patient.cud openid");
    }
}
