package dev.pulsebridge.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulsebridge.server.security.UserDirectory.Role;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

class UserDirectoryTest {

    private final PasswordEncoder passwords = PasswordEncoderFactories.createDelegatingPasswordEncoder();

    private UserDirectory directory(SecurityProperties.User... users) {
        SecurityProperties properties = new SecurityProperties(List.of(), List.of(users), Duration.ofHours(1),
                Duration.ofDays(90), Duration.ofMinutes(10), List.of());
        return UserDirectory.load(properties, null, passwords, null);
    }

    @Test
    void aPatientUserIsThePatientTheirFhirUserNames() {
        UserDirectory users = directory(new SecurityProperties.User("anna", "{noop}pw", "Patient/p1", List.of("patient")));

        assertThat(users.find("anna").orElseThrow().ownPatientId()).contains("p1");
        assertThat(users.find("anna").orElseThrow().is(Role.PATIENT)).isTrue();
        assertThat(passwords.matches("pw", users.loadUserByUsername("anna").getPassword())).isTrue();
    }

    @Test
    void aPatientRoleNeedsAPatientFhirUser() {
        assertThatThrownBy(() -> directory(new SecurityProperties.User("anna", "{noop}pw", "Practitioner/x", List.of("patient"))))
                .hasMessageContaining("fhir-user must be Patient/");
    }

    @Test
    void aClinicianRoleNeedsAPractitionerFhirUser() {
        assertThatThrownBy(() -> directory(new SecurityProperties.User("cho", "{noop}pw", null, List.of("clinician"))))
                .hasMessageContaining("Practitioner/");
    }

    @Test
    void aPlainTextPasswordIsRefused() {
        assertThatThrownBy(() -> directory(new SecurityProperties.User("ada", "secret", null, List.of("admin"))))
                .hasMessageContaining("{bcrypt}");
    }

    @Test
    void anUnknownRoleIsRefused() {
        assertThatThrownBy(() -> directory(new SecurityProperties.User("ada", "{noop}pw", null, List.of("superuser"))))
                .hasMessageContaining("Unknown role 'superuser'");
    }

    @Test
    void aUsernameDeclaredTwiceIsRefused() {
        SecurityProperties.User ada = new SecurityProperties.User("ada", "{noop}pw", null, List.of("admin"));

        assertThatThrownBy(() -> directory(ada, ada)).hasMessageContaining("declared twice");
    }
}
