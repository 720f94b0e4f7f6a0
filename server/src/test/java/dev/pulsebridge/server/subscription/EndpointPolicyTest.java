package dev.pulsebridge.server.subscription;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EndpointPolicyTest {

    /** A resolver with fixed answers, so the tests do not depend on this machine's DNS. */
    private static EndpointPolicy policy(List<String> allowed, Map<String, String> dns) {
        return new EndpointPolicy(allowed, host -> {
            String address = dns.get(host);
            try {
                return address == null ? new InetAddress[0] : new InetAddress[] {InetAddress.getByName(address)};
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static void refused(EndpointPolicy policy, String endpoint, String reason) {
        assertThatThrownBy(() -> policy.check(endpoint)).isInstanceOf(InvalidSubscriptionException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void publicHttpsEndpointsAreAccepted() {
        assertThatCode(() -> policy(List.of(), Map.of("ehr.example.org", "93.184.216.34"))
                .check("https://ehr.example.org/fhir-notify")).doesNotThrowAnyException();
    }

    @Test
    void plainHttpIsRefused() {
        refused(policy(List.of(), Map.of("ehr.example.org", "93.184.216.34")), "http://ehr.example.org/hook", "https");
    }

    @Test
    void hostsResolvingToInternalAddressesAreRefused() {
        EndpointPolicy policy = policy(List.of(), Map.of(
                "loopback.example", "127.0.0.1", "private.example", "10.1.2.3", "home.example", "192.168.1.5",
                "metadata.example", "169.254.169.254", "v6-loopback.example", "::1", "ula.example", "fd00:ec2::254",
                "mapped.example", "::ffff:10.0.0.1", "cgnat.example", "100.64.0.1", "zero.example", "0.0.0.0"));
        for (String host : List.of("loopback", "private", "home", "metadata", "v6-loopback", "ula", "mapped", "cgnat", "zero")) {
            refused(policy, "https://" + host + ".example/hook", "internal address");
        }
    }

    @Test
    void literalInternalAddressesAreRefused() {
        EndpointPolicy policy = new EndpointPolicy(List.of());
        refused(policy, "https://127.0.0.1/hook", "internal address");
        refused(policy, "https://[::1]:8443/hook", "internal address");
        refused(policy, "https://169.254.169.254/latest/meta-data", "internal address");
    }

    @Test
    void aHostThatDoesNotResolveIsRefused() {
        refused(policy(List.of(), Map.of()), "https://nowhere.example/hook", "does not resolve");
    }

    @Test
    void configuredPrefixesMayUseLoopbackOverHttp() {
        EndpointPolicy policy = policy(List.of("http://127.0.0.1:9999/"), Map.of());
        assertThatCode(() -> policy.check("http://127.0.0.1:9999/notify")).doesNotThrowAnyException();
        refused(policy, "http://127.0.0.1:9998/notify", "https");
    }

    @Test
    void userInformationIsRefusedEvenBehindAnAllowedPrefix() {
        refused(policy(List.of("http://127.0.0.1:"), Map.of()), "http://127.0.0.1:80@attacker.example/hook",
                "user information");
    }
}
