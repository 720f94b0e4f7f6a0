package dev.pulsebridge.server.support;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import dev.pulsebridge.server.PulsebridgeApplication;
import java.util.UUID;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of every server integration test. All configuration lives here and nowhere else, so Spring
 * builds the (slow) HAPI context once and every test class reuses it. Tests isolate their data with
 * unique identifiers instead of wiping the database.
 */
@AutoConfigureObservability // Boot tests switch metric export off unless asked; ActuatorIT reads it
@SpringBootTest(
        classes = PulsebridgeApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.jpa.properties.hibernate.hbm2ddl.auto=update",
                "pulsebridge.secrets.key=" + ServerIntegrationTest.TEST_SECRETS_KEY,
                "pulsebridge.withings.client-id=" + SimulatorProcess.CLIENT_ID,
                "pulsebridge.withings.client-secret=" + SimulatorProcess.CLIENT_SECRET,
                "pulsebridge.withings.refresh-backoff=100ms",
                "pulsebridge.withings.read-timeout=2s",
                // the budget's own behaviour is tested with small budgets in CallBudgetContract
                "pulsebridge.withings.calls-per-minute=100000",
                "spring.datasource.hikari.leak-detection-threshold=8000",
                // short enough for RequestBoundsIT to see a search and a write stopped; ample for tests' data
                "pulsebridge.database.statement-timeout-search=3s",
                "pulsebridge.database.statement-timeout-request=5s",
                // the simulator calls back over plain HTTP on a random port
                "pulsebridge.sync.allow-insecure-webhook-url=true",
                "pulsebridge.sync.job-lease=2m",
                "pulsebridge.sync.idle-poll=50ms",
                "pulsebridge.sync.dispatch-interval=50ms",
                "pulsebridge.sync.retry-base=200ms",
                "pulsebridge.sync.retry-cap=2s",
                "pulsebridge.sync.max-attempts=4",
                // off by default for its call cost; on here so the tests exercise the opt-in path
                "pulsebridge.sync.intraday-activity=true",
                "pulsebridge.subscriptions.idle-poll=50ms",
                "pulsebridge.subscriptions.retry-base=100ms",
                "pulsebridge.subscriptions.retry-cap=500ms",
                "pulsebridge.subscriptions.refresh-interval=200ms",
                // receivers of finished tests are gone: their subscriptions give up quickly
                "pulsebridge.subscriptions.retry-period=3s",
                // the tests' receivers listen on loopback over plain http
                "pulsebridge.subscriptions.allowed-endpoints=http://127.0.0.1:",
                "logging.level.ca.uhn.fhir.jpa.searchparam.registry.JpaSearchParamCache=warn",
                // people who sign in: a patient, a clinician (patients through CareTeams) and an admin
                "pulsebridge.security.users[0].username=" + ServerIntegrationTest.PATIENT_USER,
                "pulsebridge.security.users[0].password={noop}" + ServerIntegrationTest.PASSWORD,
                "pulsebridge.security.users[0].fhir-user=Patient/" + ServerIntegrationTest.PATIENT_USER_ID,
                "pulsebridge.security.users[0].roles=patient",
                "pulsebridge.security.users[1].username=" + ServerIntegrationTest.CLINICIAN_USER,
                "pulsebridge.security.users[1].password={noop}" + ServerIntegrationTest.PASSWORD,
                "pulsebridge.security.users[1].fhir-user=Practitioner/" + ServerIntegrationTest.CLINICIAN_USER_ID,
                "pulsebridge.security.users[1].roles=clinician",
                "pulsebridge.security.users[2].username=" + ServerIntegrationTest.ADMIN_USER,
                "pulsebridge.security.users[2].password={noop}" + ServerIntegrationTest.PASSWORD,
                "pulsebridge.security.users[2].roles=admin"
        })
public abstract class ServerIntegrationTest {

    protected static final String TEST_CLIENT = "pulsebridge-test";
    protected static final String NARROW_CLIENT = "pulsebridge-test-narrow";
    protected static final String TEST_CLIENT_SECRET = "test-secret";
    protected static final String NARROW_CLIENT_SECRET = "narrow-secret";
    protected static final String PUBLIC_APP = "smart-public-app";
    protected static final String CONFIDENTIAL_APP = "smart-confidential-app";
    protected static final String CONFIDENTIAL_APP_SECRET = "confidential-secret";
    /** Loopback: the app may listen on any port (RFC 8252), as the browser test's page server does. */
    protected static final String APP_REDIRECT = "http://127.0.0.1/app/callback.html";
    protected static final String PATIENT_USER = "anna";
    protected static final String PATIENT_USER_ID = "smart-anna";
    protected static final String CLINICIAN_USER = "dr-cho";
    protected static final String CLINICIAN_USER_ID = "smart-cho";
    protected static final String ADMIN_USER = "ada";
    protected static final String PASSWORD = "correct-horse";
    private static final java.util.Map<Integer, String> TOKENS = new java.util.concurrent.ConcurrentHashMap<>();

    /** A fixed key for the test database only. */
    protected static final String TEST_SECRETS_KEY = "cHVsc2VicmlkZ2UtdGVzdC1rZXktMzItYnl0ZXMhISE=";

    protected static final FhirContext FHIR = FhirContext.forR5Cached();

    static {
        FHIR.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        FHIR.getRestfulClientFactory().setSocketTimeout(120_000);
    }

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void externalServices(DynamicPropertyRegistry registry) {
        TestDatabase database = TestDatabase.shared();
        registry.add("spring.datasource.url", database::jdbcUrl);
        if (database.username() != null) {
            registry.add("spring.datasource.username", database::username);
        }
        if (database.password() != null) {
            registry.add("spring.datasource.password", database::password);
        }
        // every client in one property source: Spring binds a list from one source only
        String[][] clients = {
                // the tests' backend client, and a narrow one for the tests of what scopes refuse
                {"0", "client-id", TEST_CLIENT}, {"0", "client-secret", "{noop}" + TEST_CLIENT_SECRET},
                {"0", "scopes", "system/*.cruds"},
                {"1", "client-id", NARROW_CLIENT}, {"1", "client-secret", "{noop}" + NARROW_CLIENT_SECRET},
                {"1", "scopes", "system/Observation.rs system/Patient.r"},
                // SMART apps: a public one (PKCE only) that asks for consent, a confidential trusted one
                {"2", "client-id", PUBLIC_APP}, {"2", "auth-method", "none"}, {"2", "redirect-uris", APP_REDIRECT},
                {"2", "scopes", "patient/*.cruds user/*.rs"},
                {"3", "client-id", CONFIDENTIAL_APP}, {"3", "client-secret", "{noop}" + CONFIDENTIAL_APP_SECRET},
                {"3", "redirect-uris", APP_REDIRECT}, {"3", "scopes", "patient/*.cruds user/*.cruds"}, {"3", "consent", "trusted"},
                // backend services that sign their token requests (keys in TestClientKeys)
                {"4", "client-id", TestClientKeys.INLINE_CLIENT}, {"4", "auth-method", "private_key_jwt"},
                {"4", "scopes", "system/*.rs"},
                {"5", "client-id", TestClientKeys.URL_CLIENT}, {"5", "auth-method", "private_key_jwt"},
                {"5", "scopes", "system/Patient.rs"}};
        for (String[] setting : clients) {
            registry.add("pulsebridge.security.clients[" + setting[0] + "]." + setting[1], () -> setting[2]);
        }
        TestClientKeys keys = TestClientKeys.shared();
        registry.add("pulsebridge.security.clients[4].jwks", keys::publicJwks);
        registry.add("pulsebridge.security.clients[5].jwks-uri", keys::jwksUrl);
        SimulatorProcess simulator = SimulatorProcess.shared();
        registry.add("pulsebridge.withings.authorize-url", () -> simulator.baseUrl() + "/oauth2_user/authorize2");
        registry.add("pulsebridge.withings.api-base-url", simulator::baseUrl);
    }

    protected String fhirBase() {
        return "http://localhost:" + port + "/fhir";
    }

    /** A client with the tests' backend token ({@code system/*.cruds}). */
    protected IGenericClient fhirClient() {
        IGenericClient client = FHIR.newRestfulGenericClient(fhirBase());
        client.registerInterceptor(new BearerTokenAuthInterceptor(accessToken()));
        return client;
    }

    /** The {@code Authorization} header value for raw HTTP calls to {@code /fhir}. */
    protected String bearer() {
        return "Bearer " + accessToken();
    }

    protected String serverBase() {
        return "http://localhost:" + port;
    }

    private String accessToken() {
        return TOKENS.computeIfAbsent(port, p -> OAuthTokens.clientCredentials(serverBase(), TEST_CLIENT,
                TEST_CLIENT_SECRET, "system/*.cruds").path("access_token").asText());
    }

    /** A value no other test or earlier run has used, for identifiers and client-assigned ids. */
    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 13);
    }
}
