package dev.pulsebridge.server.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The Withings simulator as a separate process ({@code java -jar withings-simulator.jar}), started once
 * per test JVM, so the server talks to it over real HTTP exactly as it would to Withings.
 */
public final class SimulatorProcess {

    public static final String JAR_PROPERTY = "pulsebridge.simulator.jar";
    public static final String CLIENT_ID = "pulsebridge-dev";
    public static final String CLIENT_SECRET = "pulsebridge-dev-secret";

    private static SimulatorProcess shared;

    private final Process process;
    private final int port;

    private SimulatorProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static synchronized SimulatorProcess shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared.process::destroy));
        }
        return shared;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    private static SimulatorProcess start() {
        String jarPath = System.getProperty(JAR_PROPERTY, "../simulator/target/withings-simulator.jar");
        File jar = new File(jarPath);
        if (!jar.isFile()) {
            throw new IllegalStateException("The Withings simulator jar is missing at " + jar.getAbsolutePath()
                    + ". Build it first: ./mvnw -pl simulator -am package -DskipTests");
        }
        int port = freePort();
        Path log = Path.of("target", "simulator.log");
        try {
            Files.createDirectories(log.getParent());
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process process = new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar",
                    jar.getAbsolutePath(), "--server.port=" + port, "--server.address=127.0.0.1",
                    // Tests make many calls in little time; the rate limit has its own tests in the simulator.
                    "--sim.rate-limit-per-minute=100000",
                    "--sim.notify-retry-delays-millis=200,400,800"))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            SimulatorProcess simulator = new SimulatorProcess(process, port);
            simulator.awaitReady(log);
            return simulator;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the Withings simulator", e);
        }
    }

    private void awaitReady(Path log) {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The Withings simulator exited; see " + log.toAbsolutePath());
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/admin/stats"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep();
        }
        process.destroy();
        throw new IllegalStateException("The Withings simulator did not come up within 60 s; see " + log.toAbsolutePath());
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
