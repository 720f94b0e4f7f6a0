package dev.pulsebridge.server.withings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import dev.pulsebridge.server.support.PatientBrowser;
import dev.pulsebridge.server.support.WithingsIntegrationTest;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.hl7.fhir.r5.model.InstantType;
import org.hl7.fhir.r5.model.Parameters;
import org.junit.jupiter.api.Test;
import org.springframework.web.util.UriComponentsBuilder;

class WithingsLinkIT extends WithingsIntegrationTest {

    @Test
    void connectReturnsALinkOnThisServerThatExpiresInThirtyMinutes() {
        Parameters link = operation(newPatient(), "$withings-connect");

        assertThat(value(link, "url")).startsWith("http://localhost:" + port + "/withings/link/");
        Instant expires = ((InstantType) link.getParameterValue("expires")).getValue().toInstant();
        assertThat(Duration.between(Instant.now(), expires)).isBetween(Duration.ofMinutes(29), Duration.ofMinutes(30));
    }

    @Test
    void openingTheLinkRedirectsToWithingsConsentWithOurClientScopesStateAndCallback() {
        HttpResponse<String> redirect = browser.get(linkUrl(newPatient()));

        assertThat(redirect.statusCode()).isEqualTo(302);
        URI consent = URI.create(PatientBrowser.location(redirect));
        var query = UriComponentsBuilder.fromUri(consent).build().getQueryParams();
        assertThat(consent.getPath()).isEqualTo("/oauth2_user/authorize2");
        assertThat(query.getFirst("response_type")).isEqualTo("code");
        assertThat(query.getFirst("client_id")).isEqualTo("pulsebridge-dev");
        assertThat(query.getFirst("scope")).isEqualTo("user.info,user.metrics,user.activity,user.sleepevents");
        assertThat(query.getFirst("state")).hasSizeGreaterThan(30);
        assertThat(query.getFirst("redirect_uri")).isEqualTo("http://localhost:" + port + "/withings/callback");
    }

    @Test
    void completingConsentLinksThePatientAndShowsAConfirmationPage() {
        String patient = newPatient();
        long withingsUser = simulator.createUser();

        HttpResponse<String> page = browser.link(linkUrl(patient), withingsUser);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Your Withings account is now connected");
        Parameters status = status(patient);
        assertThat(value(status, "status")).isEqualTo("connected");
        assertThat(value(status, "withingsUserId")).isEqualTo(Long.toString(withingsUser));
        assertThat(values(status, "scope")).containsExactly("user.info", "user.metrics", "user.activity", "user.sleepevents");
        assertThat(status.hasParameter("linkedAt")).isTrue();
        assertThat(status.hasParameter("lastError")).isFalse();
    }

    @Test
    void callbackAnswersHeadWith200ForWithingsProbe() {
        HttpResponse<String> probe = browser.head("http://localhost:" + port + "/withings/callback");

        assertThat(probe.statusCode()).isEqualTo(200);
    }

    @Test
    void unknownStateShowsTheExpiredLinkPage() {
        HttpResponse<String> page = browser.get("http://localhost:" + port + "/withings/callback?code=abc&state=forged");

        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("The link expired or was already used. Ask your care team for a new one.");
    }

    @Test
    void expiredLinkShowsTheExpiredLinkPageAtOpenAndAtCallback() {
        String patient = newPatient();
        String link = linkUrl(patient);
        String callback = browser.consent(link, simulator.createUser(), true);
        jdbc.sql("update withings_link set expires_at = ? where patient_id = ?")
                .params(java.time.OffsetDateTime.now().minusMinutes(1), patient).update();

        assertThat(browser.get(callback).body()).contains("The link expired");
        assertThat(browser.get(link).statusCode()).isEqualTo(400);
        assertThat(value(status(patient), "status")).isEqualTo("not-linked");
    }

    @Test
    void linkStopsWorkingOnceItHasLinkedAnAccount() {
        String patient = newPatient();
        String link = linkUrl(patient);
        browser.link(link, simulator.createUser());

        HttpResponse<String> reopened = browser.get(link);

        assertThat(reopened.statusCode()).isEqualTo(400);
        assertThat(reopened.body()).contains("expired or was already used");
    }

    @Test
    void declinedConsentShowsAPageAndLinksNothing() {
        String patient = newPatient();

        HttpResponse<String> page = browser.get(browser.consent(linkUrl(patient), simulator.createUser(), false));

        assertThat(page.statusCode()).isEqualTo(403);
        assertThat(page.body()).contains("access was not allowed (access_denied)");
        Parameters status = status(patient);
        assertThat(value(status, "status")).isEqualTo("not-linked");
        assertThat(status.getParameter("latestLink").getPart()).anySatisfy(part ->
                assertThat(part.getValue().primitiveValue()).contains("Consent not given"));
    }

    @Test
    void failedCodeExchangeShowsAPageAndTheSameLinkCanBeRetried() {
        String patient = newPatient();
        long withingsUser = simulator.createUser();
        String link = linkUrl(patient);
        String callback = browser.consent(link, withingsUser, true);
        simulator.fault("requesttoken", 1, "\"status\": 503");

        HttpResponse<String> failed = browser.get(callback);

        assertThat(failed.statusCode()).isEqualTo(502);
        assertThat(failed.body()).contains("Withings did not confirm the sign-in").contains("status 503");
        assertThat(browser.link(link, withingsUser).statusCode()).isEqualTo(200);
        assertThat(value(status(patient), "status")).isEqualTo("connected");
    }

    @Test
    void withingsAccountLinkedToAnotherPatientIsRefusedAndTheOtherLinkKept() {
        long withingsUser = simulator.createUser();
        String first = newPatient();
        link(first, withingsUser);
        String second = newPatient();

        HttpResponse<String> page = browser.link(linkUrl(second), withingsUser);

        assertThat(page.statusCode()).isEqualTo(409);
        assertThat(page.body()).contains("already connected to another patient record").contains("$withings-disconnect");
        assertThat(value(status(second), "status")).isEqualTo("not-linked");
        assertThat(status(second).getParameter("latestLink").getPart()).anySatisfy(part ->
                assertThat(part.getValue().primitiveValue()).contains("linked to Patient/" + first));
        assertThat(value(status(first), "status")).isEqualTo("connected");
    }

    @Test
    void connectOnAnUnknownPatientAnswers404() {
        assertThatThrownBy(() -> operation("no-such-patient-" + unique("x"), "$withings-connect"))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void statusOfAPatientNeverLinkedSaysNotLinked() {
        assertThat(value(status(newPatient()), "status")).isEqualTo("not-linked");
    }

    @Test
    void statusCanBeAskedMoreOftenThanThePoolHasConnections() {
        String patient = newPatient();
        linkUrl(patient);

        for (int i = 0; i < 25; i++) {
            assertThat(value(status(patient), "status")).isEqualTo("not-linked");
        }
    }
}
