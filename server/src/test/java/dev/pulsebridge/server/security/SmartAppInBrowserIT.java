package dev.pulsebridge.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The real SMART JavaScript client ({@code fhirclient} from npm) in headless Chromium: a standalone launch
 * with PKCE from a page on its own origin, the login form, the consent page, a patient-context token,
 * the patient's Observations, and a refusal when the same page reaches for another patient. Needs
 * Debian's {@code chromium} and {@code chromium-driver} and the client installed by the build (npm);
 * without them it is skipped, unless {@code PULSEBRIDGE_REQUIRE_BROWSER} is set (CI sets it).
 */
class SmartAppInBrowserIT extends SmartPeopleTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path PAGES = Path.of("src/test/smart-app");
    private static final Path CLIENT = Path.of("target/smart-app/node_modules/fhirclient/build/fhir-client.min.js");

    private HttpServer appServer;
    private WebDriver browser;

    @BeforeEach
    void startAppAndBrowser() throws IOException {
        boolean ready = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER) && Files.isRegularFile(CLIENT);
        if (System.getenv("PULSEBRIDGE_REQUIRE_BROWSER") != null) {
            assertThat(ready).as("chromium, chromedriver and the npm-installed fhirclient are required here").isTrue();
        }
        Assumptions.assumeTrue(ready, "SMART browser test skipped: install chromium and chromium-driver, and npm for fhirclient");
        appServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        appServer.createContext("/app/", exchange -> {
            String name = exchange.getRequestURI().getPath().substring("/app/".length());
            Path file = name.equals("lib/fhir-client.min.js") ? CLIENT : PAGES.resolve(name).normalize();
            boolean served = List.of("launch.html", "callback.html", "lib/fhir-client.min.js").contains(name);
            byte[] body = served ? Files.readAllBytes(file) : new byte[0];
            exchange.getResponseHeaders().add("Content-Type", name.endsWith(".js") ? "text/javascript" : "text/html");
            exchange.sendResponseHeaders(served ? 200 : 404, served ? body.length : -1);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        appServer.start();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--disable-dev-shm-usage");
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build(), options);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (appServer != null) {
            appServer.stop(0);
        }
    }

    @Test
    void aStandaloneLaunchReadsThePatientsOwnObservationsAndNotAnotherPatients() {
        String app = "http://127.0.0.1:" + appServer.getAddress().getPort() + "/app/";
        browser.get(app + "launch.html?client_id=" + PUBLIC_APP + "&iss=" + fhirBase());
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));

        try {
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username"))).sendKeys(PATIENT_USER);
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("no login form at " + browser.getCurrentUrl() + ": " + browser.getPageSource(), e);
        }
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("allow"))).click();
        wait.until(driver -> !driver.findElement(By.id("result")).getText().isBlank());

        JsonNode result = browser().read(browser.findElement(By.id("result")).getText());
        assertThat(result.path("error").isMissingNode()).as(result.toString()).isTrue();
        assertThat(result.path("patient").asText()).isEqualTo(ANNA);
        assertThat(result.path("fhirUser").asText()).isEqualTo("Patient/" + ANNA);
        assertThat(result.path("own").toString()).contains("Observation/" + ANNA + "-hr");
        assertThat(result.path("subjects").toString()).isEqualTo("[\"Patient/" + ANNA + "\"]");
        assertThat(result.path("otherStatus").asInt()).isIn(403, 404);
        assertThat(result.path("otherObservations").asInt()).isIn(0, 403);
    }
}
