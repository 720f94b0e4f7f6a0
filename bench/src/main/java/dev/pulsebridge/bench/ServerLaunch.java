package dev.pulsebridge.bench;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * How the drivers start a Pulsebridge server: the server's default settings except where Withings is,
 * the secrets, plain-http webhooks to the local simulator, the Withings call budget and the driver's own
 * backend client; and the heap README's run command gives it. Servers launched from one instance share
 * the secrets key, the webhook secret and the client, as instances of one deployment do.
 */
final class ServerLaunch {

    static final String CLIENT = "pulsebridge-bench";
    static final String SCOPES = "system/*.cruds";
    /** As in README's run command and the Docker image. */
    static final String HEAP = "-Xmx1g";

    private final String clientSecret = Base64.getUrlEncoder().withoutPadding().encodeToString(random(24));
    private final String secretsKey = Base64.getEncoder().encodeToString(random(32));
    private final String webhookSecret = HexFormat.of().formatHex(random(16));
    private final Path jar;
    private final BenchDatabase database;
    private final String simulatorBase;
    private final int callsPerMinute;

    ServerLaunch(Path jar, BenchDatabase database, String simulatorBase, int callsPerMinute) {
        this.jar = jar;
        this.database = database;
        this.simulatorBase = simulatorBase;
        this.callsPerMinute = callsPerMinute;
    }

    String clientSecret() {
        return clientSecret;
    }

    String webhookSecret() {
        return webhookSecret;
    }

    /** The run's settings, where {@code extraArguments} replace those of the same name (Spring would join both). */
    ManagedProcess start(String name, int port, List<String> extraArguments, Path logs) {
        List<String> arguments = new ArrayList<>(arguments(port));
        arguments.removeIf(argument -> extraArguments.stream().anyMatch(extra -> name(extra).equals(name(argument))));
        arguments.addAll(extraArguments);
        return ManagedProcess.start(name, jar, jvmOptions(), arguments, logs);
    }

    private static String name(String argument) {
        int equals = argument.indexOf('=');
        return equals < 0 ? argument : argument.substring(0, equals);
    }

    List<String> arguments(int port) {
        return List.of(
                "--server.port=" + port,
                "--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=" + database.user(),
                "--spring.datasource.password=" + database.password(),
                "--pulsebridge.secrets.key=" + secretsKey,
                "--pulsebridge.public-base-url=http://127.0.0.1:" + port,
                "--pulsebridge.withings.client-id=pulsebridge-dev",
                "--pulsebridge.withings.client-secret=pulsebridge-dev-secret",
                "--pulsebridge.withings.authorize-url=" + simulatorBase + "/oauth2_user/authorize2",
                "--pulsebridge.withings.api-base-url=" + simulatorBase,
                "--pulsebridge.withings.webhook-secret=" + webhookSecret,
                "--pulsebridge.withings.calls-per-minute=" + callsPerMinute,
                // the simulator calls plain http://127.0.0.1; Withings itself only calls HTTPS on 443
                "--pulsebridge.sync.allow-insecure-webhook-url=true",
                "--pulsebridge.subscriptions.allowed-endpoints=http://127.0.0.1:",
                // the driver is a backend-services client of its own; a token outlives any run
                "--pulsebridge.security.clients[0].client-id=" + CLIENT,
                "--pulsebridge.security.clients[0].client-secret={noop}" + clientSecret,
                "--pulsebridge.security.clients[0].scopes=" + SCOPES,
                "--pulsebridge.security.access-token-lifetime=24h");
    }

    /** The heap, then any extra options, e.g. a JFR recording: PULSEBRIDGE_BENCH_SERVER_JVM_OPTS (a later -Xmx wins). */
    static List<String> jvmOptions() {
        List<String> options = new ArrayList<>(List.of(HEAP));
        String extra = System.getenv("PULSEBRIDGE_BENCH_SERVER_JVM_OPTS");
        if (extra != null && !extra.isBlank()) {
            options.addAll(List.of(extra.trim().split("\\s+")));
        }
        return options;
    }

    static byte[] random(int bytes) {
        byte[] value = new byte[bytes];
        new SecureRandom().nextBytes(value);
        return value;
    }
}
