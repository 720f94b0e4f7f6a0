package dev.pulsebridge.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import dev.pulsebridge.mapping.PayloadKind;
import dev.pulsebridge.mapping.WithingsMapper;
import dev.pulsebridge.mapping.fhir.MappingContext;
import dev.pulsebridge.mapping.fhir.MappingResult;
import dev.pulsebridge.mapping.withings.HeartRecording;
import dev.pulsebridge.mapping.withings.SleepSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.stream.IntStream;
import org.hl7.fhir.r5.model.Bundle;
import org.hl7.fhir.r5.model.CodeableConcept;
import org.hl7.fhir.r5.model.Coding;
import org.hl7.fhir.r5.model.DateTimeType;
import org.hl7.fhir.r5.model.Enumerations.ObservationStatus;
import org.hl7.fhir.r5.model.Observation;
import org.hl7.fhir.r5.model.Quantity;
import org.hl7.fhir.r5.model.Reference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import dev.pulsebridge.server.support.PatientBrowser;
import dev.pulsebridge.server.support.SimulatorAdmin;
import dev.pulsebridge.server.support.SimulatorProcess;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.hl7.fhir.r5.model.CareTeam;
import org.hl7.fhir.r5.model.Patient;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The clinician dashboard in headless Chromium, as Dr Cho meets it: sign in through the server's own
 * SMART authorization, a worklist of her care team's patients with an out-of-range blood pressure flagged,
 * a patient page whose chart has one point per reading and whose 7-day average is what {@code $stats}
 * answers, a new reading appearing without a reload, a night's hypnogram and an ECG result's strip drawn
 * from the series the sync stores, and nothing of a patient outside her care team.
 * Screenshots go to {@code target/}.
 */
class DashboardInBrowserIT extends SmartPeopleTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String LOINC = "http://loinc.org";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @Autowired
    private DaoRegistry daos;
    private WebDriver browser;
    private WebDriverWait wait;
    /** Care teams this class gave Dr Cho: removed after each test, since the other SMART tests count hers. */
    private final List<String> teamsMade = new ArrayList<>();

    @BeforeEach
    void startBrowser() {
        boolean ready = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (System.getenv("PULSEBRIDGE_REQUIRE_BROWSER") != null) {
            assertThat(ready).as("chromium and chromedriver are required here").isTrue();
        }
        Assumptions.assumeTrue(ready, "dashboard browser test skipped: install chromium and chromium-driver");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--disable-dev-shm-usage", "--window-size=1280,1000");
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build(), options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(40));
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @AfterEach
    void removeTheCareTeamsMade() {
        teamsMade.forEach(id -> fhirClient().delete().resourceById("CareTeam", id).execute());
    }

    @Test
    void aClinicianSeesHerCareTeamFlaggedChartedAndNoOneElse() throws IOException {
        Instant now = Instant.now();
        write(bloodPressure(BEN, 128, 82, now.minus(Duration.ofDays(3))));
        write(bloodPressure(BEN, 134, 86, now.minus(Duration.ofDays(2))));
        write(bloodPressure(BEN, 152, 95, Instant.now())); // newer than anything an earlier run left
        write(bloodPressure(OUTSIDER, 180, 110, now.minus(Duration.ofHours(1))));

        signIn();

        WebElement ben = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-patient='" + BEN + "']")));
        WebElement bp = ben.findElement(By.cssSelector("td.bp"));
        assertThat(bp.getText()).startsWith("152/95 mmHg");
        assertThat(bp.getAttribute("class")).contains("flag", "high");
        assertThat(browser.findElements(By.cssSelector("tr[data-patient='" + OUTSIDER + "']"))).isEmpty();
        assertThat(browser.findElements(By.cssSelector("tr[data-patient='" + ANNA + "']"))).isEmpty();
        screenshot("dashboard-worklist.png");

        ben.findElement(By.cssSelector("a")).click();
        WebElement chart = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#bp-chart[data-patient='" + BEN + "'][data-points]")));
        assertThat(Integer.parseInt(chart.getAttribute("data-points"))).isEqualTo(bloodPressuresInLast30Days(BEN));
        wait.until(driver -> !driver.findElement(By.id("bp-avg-7")).getText().equals("–"));
        JsonNode sevenDays = sevenDayAverages(BEN);
        assertThat(browser.findElement(By.id("bp-avg-7")).getText())
                .contains("(" + plain(sevenDays.path("8480-6")) + "/" + plain(sevenDays.path("8462-4")) + ")");
        screenshot("dashboard-patient.png");

        // a reading taken now appears without reloading, through the dashboard's websocket subscription
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("body[data-live='true']")));
        int before = Integer.parseInt(chart.getAttribute("data-points"));
        write(bloodPressure(BEN, 141, 89, Instant.now()));
        wait.until(driver -> Integer.parseInt(driver.findElement(By.id("bp-chart")).getAttribute("data-points")) == before + 1);
        screenshot("dashboard-live.png");

        browser.get(dashboardBase() + "/dashboard/index.html#patient/" + OUTSIDER);
        WebElement outsiderChart = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#bp-chart[data-patient='" + OUTSIDER + "'][data-points]")));
        assertThat(outsiderChart.getAttribute("data-points")).as("another care team's patient shows nothing").isEqualTo("0");
        assertThat(browser.findElement(By.id("problem")).getText()).contains("not one of your care teams");
    }

    @Test
    void aClinicianLinksAPatientAndWatchesTheirHistoryArriveChartByChart() throws IOException {
        String dana = patientOfDrCho("Dana");
        SimulatorAdmin simulator = new SimulatorAdmin(SimulatorProcess.shared());
        long withingsUser = simulator.createUser();
        JsonNode generated = simulator.generate(withingsUser, 20, 7, LocalDate.now(ZoneOffset.UTC).minusDays(1));
        // a slow Withings: every read takes 1.9 s (under the tests' 2 s read timeout), so the backfill runs
        // for several of the dashboard's 3 s status polls and is seen while it runs
        for (String action : List.of("getmeas", "getactivity", "getworkouts", "getsummary", "list")) {
            simulator.userFault(withingsUser, action, 13, "\"delay_ms\": 1900");
        }

        signIn();
        browser.get(dashboardBase() + "/dashboard/index.html#patient/" + dana);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#series[data-patient='" + dana + "']")));
        assertThat(browser.findElement(By.id("sync")).getText()).isEqualTo("not linked");
        browser.findElement(By.id("link-withings")).click();
        String link = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("link-url"))).getText();
        assertThat(link).startsWith(dashboardBase() + "/withings/link/");

        assertThat(new PatientBrowser().link(link, withingsUser).statusCode()).isEqualTo(200);
        WebElement progress = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#backfill-progress[data-state='running']")));
        assertThat(browser.findElement(By.id("backfill")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("backfill-text")).getText()).contains("windows");
        screenshot("dashboard-backfill.png");

        wait.withTimeout(Duration.ofSeconds(90)).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#backfill-progress[data-state='complete']")));
        assertThat(progress.getAttribute("value")).isEqualTo(progress.getAttribute("max"));
        assertThat(browser.findElement(By.id("backfill-text")).getText()).startsWith("History complete: ");
        // the charts are drawn again with what the backfill brought: every night, every ECG, every weigh-in
        // (live updates may redraw a chart meanwhile, so each is found afresh until it shows the count)
        assertThat(generated.path("ecg").asInt()).isPositive();
        awaitDrawn("#section-sleep canvas", "data-nights", generated.path("sleep").asInt());
        awaitDrawn("#section-rhythm table", "data-rows", generated.path("ecg").asInt());
        int bodyReadings = count(dana, LOINC + "%7C29463-7," + LOINC + "%7C91557-9," + LOINC + "%7C73964-9,"
                + LOINC + "%7C101683-1," + LOINC + "%7C73708-0," + LOINC + "%7C101685-6," + LOINC + "%7C41982-0");
        assertThat(bodyReadings).isGreaterThan(20);
        awaitDrawn("#section-body canvas", "data-points", bodyReadings);
        awaitDrawn("#section-steps canvas", "data-points", generated.path("activity").asInt());
        browser.manage().window().setSize(new Dimension(1280, 4200));
        screenshot("dashboard-patient-history.png");
    }

    @Test
    void theWorklistAndThePatientPageFitATabletInPortrait() throws IOException {
        write(bloodPressure(BEN, 131, 84, Instant.now()));
        browser.manage().window().setSize(new Dimension(820, 1180));
        signIn();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-patient='" + BEN + "']")));
        assertThat(horizontalOverflow()).as("the worklist scrolls sideways").isZero();
        screenshot("dashboard-tablet-worklist.png");

        browser.findElement(By.cssSelector("tr[data-patient='" + BEN + "'] a")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#series[data-patient='" + BEN + "']")));
        assertThat(horizontalOverflow()).as("the patient page scrolls sideways").isZero();
        screenshot("dashboard-tablet-patient.png");
    }

    @Test
    void aNightWithItsStagesShowsItsHypnogramUnderTheNight() throws IOException {
        String hana = patientOfDrCho("Hana");
        Instant start = LocalDate.now(ZoneOffset.UTC).minusDays(2).atTime(22, 0).toInstant(ZoneOffset.UTC);
        // awake 10 min, light 30, deep 60, light 30, REM 30, 10 min with no stage, awake 10, light 60
        writeMapped(PayloadKind.SLEEP_SUMMARIES, sleepSummary(start, List.of(
                stage(start, 0, 600, 0), stage(start, 600, 2400, 1), stage(start, 2400, 6000, 2), stage(start, 6000, 7800, 1),
                stage(start, 7800, 9600, 3), stage(start, 10200, 10800, 0), stage(start, 10800, 14400, 1))), hana);
        String[] stored = storedStageSeries(hana).path("valueSampledData").path("data").asText().split(" ");
        assertThat(stored).containsExactly("0", "1", "2", "1", "3", "E", "0", "1");

        signIn();
        browser.get(dashboardBase() + "/dashboard/index.html#patient/" + hana);
        WebElement night = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#series[data-patient='" + hana + "'] #section-sleep figure.night[data-stretches]")));

        assertThat(browser.findElements(By.cssSelector("#section-sleep figure.night"))).hasSize(1);
        assertThat(night.getAttribute("data-stretches")).isEqualTo(Integer.toString(stored.length));
        assertThat(night.getAttribute("data-changes")).isEqualTo("7");
        assertThat(night.getAttribute("data-first-stage")).isEqualTo("Awake");
        assertThat(night.findElement(By.tagName("figcaption")).getText())
                .endsWith(": Awake 20 min, REM 30 min, Light 120 min, Deep 60 min, no stage 10 min.");
        assertThat(night.findElement(By.cssSelector(".hypnogram canvas")).getAttribute("aria-label")).startsWith("Hypnogram of the night of ");
        screenshot(browser.findElement(By.id("section-sleep")), "dashboard-hypnogram.png");
    }

    @Test
    void anEcgResultShowsTheStripItIsDerivedFrom() throws IOException {
        String ida = patientOfDrCho("Ida");
        writeMapped(PayloadKind.HEART_RECORDINGS, heartList(List.of(Instant.now().minus(Duration.ofHours(5))), 300, 30), ida);
        JsonNode strip = storedStrip(ida);
        int samples = strip.path("valueSampledData").path("data").asText().split(" ").length;
        assertThat(samples).isEqualTo(9000);
        assertThat(strip.path("valueSampledData").path("interval").decimalValue()).isEqualByComparingTo("3.333333");

        signIn();
        browser.get(dashboardBase() + "/dashboard/index.html#patient/" + ida);
        WebElement figure = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#series[data-patient='" + ida + "'] #section-rhythm tr.strip-row figure.strip[data-samples]")));

        assertThat(figure.getAttribute("data-samples")).isEqualTo(Integer.toString(samples));
        assertThat(figure.getAttribute("data-hertz")).isEqualTo("300");
        assertThat(figure.getAttribute("data-seconds")).isEqualTo("30.0");
        assertThat(figure.findElement(By.tagName("figcaption")).getText())
                .isEqualTo("ECG strip, lead I: 300 Hz, 30.0 s, 9000 samples, in mV; 25 mm/s, 10 mm/mV.");
        assertThat(horizontalOverflow()).as("the strip scrolls inside its frame, not the page").isZero();
        screenshot(browser.findElement(By.id("section-rhythm")), "dashboard-ecg-strip.png");
    }

    @Test
    void anOlderEcgResultShowsItsStripOnlyWhenAsked() {
        String jun = patientOfDrCho("Jun");
        Instant newest = Instant.now().minus(Duration.ofHours(1));
        // ten 5-second recordings, and an older one of 10 s whose strip is told apart by its length
        writeMapped(PayloadKind.HEART_RECORDINGS, heartList(IntStream.range(0, 10)
                .mapToObj(day -> newest.minus(Duration.ofDays(day))).toList(), 300, 5), jun);
        writeMapped(PayloadKind.HEART_RECORDINGS, heartList(List.of(newest.minus(Duration.ofDays(10))), 300, 10), jun);

        signIn();
        browser.get(dashboardBase() + "/dashboard/index.html#patient/" + jun);
        String rhythm = "#series[data-patient='" + jun + "'] #section-rhythm";
        awaitDrawn(rhythm + " table.data", "data-rows", 11);
        assertThat(browser.findElements(By.cssSelector(rhythm + " figure.strip"))).hasSize(10);
        List<WebElement> offers = browser.findElements(By.cssSelector(rhythm + " tr.strip-row button"));
        assertThat(offers).hasSize(1);
        assertThat(offers.get(0).getText()).isEqualTo("Show the ECG strip");
        List<WebElement> rows = browser.findElements(By.cssSelector(rhythm + " tbody tr"));
        assertThat(rows.get(rows.size() - 1).findElements(By.tagName("button"))).as("the oldest result's row").hasSize(1);

        offers.get(0).click();

        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(rhythm + " figure.strip"), 11));
        assertThat(browser.findElements(By.cssSelector(rhythm + " tr.strip-row button"))).isEmpty();
        List<WebElement> strips = browser.findElements(By.cssSelector(rhythm + " figure.strip"));
        assertThat(strips.subList(0, 10)).allSatisfy(strip -> assertThat(strip.getAttribute("data-seconds")).isEqualTo("5.0"));
        assertThat(strips.get(10).getAttribute("data-samples")).isEqualTo("3000");
        assertThat(strips.get(10).getAttribute("data-seconds")).isEqualTo("10.0");
    }

    /** Waits until the element (found afresh each time, since a redraw replaces it) has the attribute's value. */
    private void awaitDrawn(String css, String attribute, int expected) {
        String wanted = Integer.toString(expected);
        String[] seen = {null};
        try {
            wait.ignoring(StaleElementReferenceException.class).until(driver -> {
                List<WebElement> found = driver.findElements(By.cssSelector(css));
                seen[0] = found.isEmpty() ? null : found.get(0).getAttribute(attribute);
                return wanted.equals(seen[0]);
            });
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError(css + " " + attribute + " should be " + wanted + " but is " + seen[0], e);
        }
    }

    /** How many CSS pixels the page is wider than the window. */
    private long horizontalOverflow() {
        return ((Number) ((JavascriptExecutor) browser).executeScript(
                "return Math.max(0, document.documentElement.scrollWidth - window.innerWidth);")).longValue();
    }

    /** A new patient, in a care team of Dr Cho's of its own. */
    private String patientOfDrCho(String given) {
        Patient patient = new Patient();
        patient.addName().setFamily("Dashboard").addGiven(given);
        String id = fhirClient().create().resource(patient).execute().getId().getIdPart();
        CareTeam team = new CareTeam();
        team.setStatus(CareTeam.CareTeamStatus.ACTIVE);
        team.setSubject(new Reference("Patient/" + id));
        team.addParticipant().setMember(new Reference("Practitioner/" + CLINICIAN_USER_ID));
        teamsMade.add(fhirClient().create().resource(team).execute().getId().getIdPart());
        return id;
    }

    private int count(String patient, String codes) {
        JsonNode bundle = browser().read(call("GET", "/fhir/Observation?subject=Patient/" + patient + "&code=" + codes
                + "&_summary=count", backendToken(), null).body());
        return bundle.path("total").asInt();
    }

    private void signIn() {
        browser.get(dashboardBase() + "/dashboard");
        try {
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username"))).sendKeys(CLINICIAN_USER);
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("no login form at " + browser.getCurrentUrl() + ": " + browser.getPageSource(), e);
        }
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        try {
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("body[data-ready='true']")));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("dashboard not ready at " + browser.getCurrentUrl() + ": "
                    + browser.findElement(By.id("problem")).getText(), e);
        }
    }

    /** On 127.0.0.1: the dashboard's registered address matches a loopback address on any port. */
    private String dashboardBase() {
        return "http://127.0.0.1:" + port;
    }

    private void screenshot(String name) throws IOException {
        Files.write(Path.of("target", name), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    /** Just one section: the README shows the part of the page it describes, not a page of empty charts. */
    private static void screenshot(WebElement section, String name) throws IOException {
        Files.write(Path.of("target", name), section.getScreenshotAs(OutputType.BYTES));
    }

    private int bloodPressuresInLast30Days(String patient) {
        String since = Instant.now().minus(Duration.ofDays(30)).toString();
        JsonNode bundle = browser().read(call("GET", "/fhir/Observation?subject=Patient/" + patient + "&code=" + LOINC
                + "%7C85354-9&date=ge" + since + "&_count=500", backendToken(), null).body());
        return bundle.path("entry").size();
    }

    /** By component code, the 7-day averages as $stats answers them. */
    private JsonNode sevenDayAverages(String patient) {
        JsonNode answer = browser().read(call("GET", "/fhir/Observation/$stats?subject=Patient/" + patient + "&system="
                + LOINC + "&code=85354-9&statistic=average&duration=168", backendToken(), null).body());
        com.fasterxml.jackson.databind.node.ObjectNode averages = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        answer.path("parameter").forEach(parameter -> averages.set(
                parameter.path("resource").path("code").path("coding").path(0).path("code").asText(),
                parameter.path("resource").path("component").path(0).path("valueQuantity").path("value")));
        return averages;
    }

    /** A number as JavaScript prints it: 138.0 is 138. */
    private static String plain(JsonNode number) {
        return number.decimalValue().stripTrailingZeros().toPlainString();
    }

    /**
     * Maps a Withings answer for the patient and stores what it gives as the sync does: one transaction
     * inside the server, each resource at its own id (a night's panel and its series, or an ECG result and
     * its strip, refer to each other, so they are stored together).
     */
    private void writeMapped(PayloadKind kind, JsonNode payload, String patient) {
        MappingResult mapped = new WithingsMapper().map(kind, payload, new MappingContext("Patient/" + patient, "dash-" + patient));
        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        mapped.allResources().forEach(resource -> {
            String url = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
            transaction.addEntry().setFullUrl(url).setResource(resource).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl(url);
        });
        IFhirSystemDao<Bundle, ?> system = daos.getSystemDao();
        system.transaction(new SystemRequestDetails(), transaction);
    }

    /** A getsummary answer of one night from {@code start}, its totals and its stages (sleep get) as the sync adds them. */
    private static JsonNode sleepSummary(Instant start, List<ObjectNode> stages) {
        ObjectNode night = JSON.objectNode().put("id", start.getEpochSecond()).put("timezone", "UTC").put("model", 32)
                .put("startdate", start.getEpochSecond()).put("enddate", start.getEpochSecond() + 14400)
                .put("date", LocalDate.ofInstant(start.plusSeconds(14400), ZoneOffset.UTC).toString());
        night.putObject("data").put("total_sleep_time", 12600).put("wakeupduration", 1200).put("lightsleepduration", 7200)
                .put("deepsleepduration", 3600).put("remsleepduration", 1800);
        night.putArray(SleepSummary.STAGES_FIELD).addAll(stages);
        ObjectNode answer = JSON.objectNode().put("status", 0);
        answer.putObject("body").put("more", false).put("offset", 0).putArray("series").add(night);
        return answer;
    }

    private static ObjectNode stage(Instant nightStart, int from, int to, int state) {
        return JSON.objectNode().put("startdate", nightStart.getEpochSecond() + from).put("enddate", nightStart.getEpochSecond() + to)
                .put("state", state);
    }

    /** A heart list answer of an ECG recording at each instant, each with its signal (heart get), a beat a second. */
    private static JsonNode heartList(List<Instant> recorded, int hertz, int seconds) {
        ObjectNode answer = JSON.objectNode().put("status", 0);
        ArrayNode series = answer.putObject("body").put("more", false).put("offset", 0).putArray("series");
        for (Instant at : recorded) {
            ObjectNode recording = series.addObject().put("model", 91).put("heart_rate", 60).put("timestamp", at.getEpochSecond());
            recording.putObject("ecg").put("signalid", at.getEpochSecond()).put("afib", 0);
            ObjectNode signal = recording.putObject(HeartRecording.SIGNAL_FIELD).put("sampling_frequency", hertz)
                    .put("wearposition", 1);
            ArrayNode microvolts = signal.putArray("signal");
            for (int i = 0; i < hertz * seconds; i++) {
                microvolts.add(beat((i % hertz) / (double) hertz));
            }
        }
        return answer;
    }

    /** Microvolts at a phase of a beat: P wave, QRS complex and T wave as bumps. */
    private static int beat(double phase) {
        return (int) Math.round(120 * bump(phase, 0.20, 0.020) - 150 * bump(phase, 0.28, 0.008) + 1100 * bump(phase, 0.30, 0.010)
                - 250 * bump(phase, 0.32, 0.008) + 300 * bump(phase, 0.55, 0.040));
    }

    private static double bump(double phase, double centre, double width) {
        return Math.exp(-Math.pow((phase - centre) / width, 2) / 2);
    }

    private JsonNode storedStageSeries(String patient) {
        JsonNode bundle = browser().read(call("GET", "/fhir/Observation?subject=Patient/" + patient
                + "&code=https://pulsebridge.dev/fhir/CodeSystem/withings-measure%7Csleep-series:state", backendToken(), null).body());
        assertThat(bundle.path("entry")).hasSize(1);
        return bundle.path("entry").path(0).path("resource");
    }

    /** The strip the patient's one ECG result is derived from, read by its reference. */
    private JsonNode storedStrip(String patient) {
        JsonNode bundle = browser().read(call("GET", "/fhir/Observation?subject=Patient/" + patient
                + "&code=https://pulsebridge.dev/fhir/CodeSystem/withings-measure%7Cheart:afib", backendToken(), null).body());
        assertThat(bundle.path("entry")).hasSize(1);
        String reference = bundle.path("entry").path(0).path("resource").path("derivedFrom").path(0).path("reference").asText();
        return browser().read(call("GET", "/fhir/" + reference, backendToken(), null).body());
    }

    private String backendToken() {
        return bearer().substring("Bearer ".length());
    }

    private void write(Observation observation) {
        fhirClient().create().resource(observation).execute();
    }

    private static Observation bloodPressure(String patient, int systolic, int diastolic, Instant at) {
        Observation panel = new Observation();
        panel.setStatus(ObservationStatus.FINAL);
        panel.addCategory(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/observation-category",
                "vital-signs", null)));
        // as the sync writes them: the Withings data family, which the dashboard's subscription topic follows
        panel.addCategory(new CodeableConcept(new Coding("https://pulsebridge.dev/fhir/CodeSystem/observation-family",
                "vital-signs", null)));
        panel.setCode(new CodeableConcept(new Coding(LOINC, "85354-9", null)));
        panel.setSubject(new Reference("Patient/" + patient));
        panel.setEffective(new DateTimeType(Date.from(at)));
        panel.addComponent().setCode(new CodeableConcept(new Coding(LOINC, "8480-6", null)))
                .setValue(new Quantity().setValue(systolic).setSystem("http://unitsofmeasure.org").setCode("mm[Hg]").setUnit("mm[Hg]"));
        panel.addComponent().setCode(new CodeableConcept(new Coding(LOINC, "8462-4", null)))
                .setValue(new Quantity().setValue(diastolic).setSystem("http://unitsofmeasure.org").setCode("mm[Hg]").setUnit("mm[Hg]"));
        return panel;
    }
}
