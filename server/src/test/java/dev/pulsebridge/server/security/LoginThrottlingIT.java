package dev.pulsebridge.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulsebridge.server.support.SmartLogin;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Guessing passwords at the login form locks the username, whatever is tried next. */
class LoginThrottlingIT extends SmartPeopleTest {

    @Test
    void fiveWrongPasswordsLockTheUsernameEvenAgainstTheRightOne() throws Exception {
        String username = unique("guessed");
        HttpResponse<String> added = http.send(HttpRequest.newBuilder(URI.create(serverBase() + "/admin/users/" + username))
                .header("Authorization", bearer()).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("""
                        {"password": "the-right-password", "fhirUser": "Patient/%s", "roles": ["patient"]}""".formatted(ANNA)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(added.statusCode()).isEqualTo(201);
        SmartLogin browser = browser();
        for (int i = 0; i < LoginAttempts.MAX_FAILURES; i++) {
            assertThat(browser.tryLogin(username, "wrong-" + i).toString()).endsWith("/login?error");
        }

        assertThat(browser.tryLogin(username, "the-right-password").toString()).endsWith("/login?error");
        assertThat(browser.get(serverBase() + "/login?error").body()).contains("locked for 15 minutes");
        assertThat(browser().tryLogin(PATIENT_USER, PASSWORD).toString()).as("other usernames are not affected")
                .doesNotEndWith("/login?error");
    }
}
