package dev.pulsebridge.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r5.model.CodeableConcept;
import org.hl7.fhir.r5.model.Coding;
import org.hl7.fhir.r5.model.DateTimeType;
import org.hl7.fhir.r5.model.Enumerations.ObservationStatus;
import org.hl7.fhir.r5.model.Observation;
import org.hl7.fhir.r5.model.Patient;
import org.hl7.fhir.r5.model.Quantity;
import org.hl7.fhir.r5.model.Reference;
import org.junit.jupiter.api.Test;

/**
 * {@code Observation/$lastn} and {@code $stats} answered from PostgreSQL: exact per code, never another
 * patient's, entered-in-error left out, statistics equal to arithmetic over the same readings before and
 * after an edit and a delete; and what tokens bound to patients may ask.
 */
class ReadingOperationsIT extends SmartPeopleTest {

    private static final String LOINC = "http://loinc.org";
    private static final String WEIGHT = "29463-7";
    private static final String HEART_RATE = "8867-4";
    private static final String BP_PANEL = "85354-9";
    private static final Instant NOW = Instant.now();

    @Test
    void lastnGivesTheNewestReadingsPerCodeOfThePatientAsked() {
        String patient = newPatient();
        String oldest = write(weight(patient, 70.1, 72));
        String older = write(weight(patient, 70.4, 48));
        String newest = write(weight(patient, 70.9, 24));
        String pulse = write(heartRate(patient, 64, 30));
        write(weight(newPatient(), 99.0, 1)); // someone else's, newer than all of them

        JsonNode answer = lastn("patient=" + patient + "&max=2");

        assertThat(ids(answer)).containsExactly("Observation/" + newest, "Observation/" + older, "Observation/" + pulse);
        assertThat(ids(answer)).doesNotContain("Observation/" + oldest);
    }

    @Test
    void lastnFiltersByCodeCategoryAndDate() {
        String patient = newPatient();
        write(weight(patient, 70.1, 72));
        String recent = write(weight(patient, 70.4, 10));
        write(heartRate(patient, 64, 30));

        assertThat(ids(lastn("patient=" + patient + "&code=" + LOINC + "%7C" + WEIGHT))).containsExactly("Observation/" + recent);
        assertThat(ids(lastn("patient=" + patient + "&category=vital-signs&max=5"))).hasSize(3);
        assertThat(ids(lastn("patient=" + patient + "&category=laboratory"))).isEmpty();
        assertThat(ids(lastn("patient=" + patient + "&max=5&date=lt" + NOW.minus(Duration.ofHours(20))))).hasSize(2)
                .doesNotContain("Observation/" + recent);
    }

    @Test
    void lastnLeavesOutAReadingMarkedEnteredInError() {
        String patient = newPatient();
        String earlier = write(weight(patient, 70.1, 48));
        String withdrawn = write(weight(patient, 75.0, 2));

        Observation marked = fhirClient().read().resource(Observation.class).withId(withdrawn).execute();
        marked.setStatus(ObservationStatus.ENTEREDINERROR);
        fhirClient().update().resource(marked).execute();

        assertThat(ids(lastn("patient=" + patient))).containsExactly("Observation/" + earlier);
    }

    @Test
    void statsOfTheBloodPressurePanelAreComputedPerComponent() {
        String patient = newPatient();
        int[][] readings = {{128, 84}, {135, 88}, {121, 79}, {142, 91}};
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < readings.length; i++) {
            ids.add(write(bloodPressure(patient, readings[i][0], readings[i][1], 10 + i * 24)));
        }

        Map<String, Map<String, BigDecimal>> stats = stats(patient, BP_PANEL, "average,minimum,maximum,count,median");

        assertThat(stats.get("8480-6")).containsEntry("average", number("131.50"))
                .containsEntry("minimum", number("121.00")).containsEntry("maximum", number("142.00"))
                .containsEntry("count", number("4")).containsEntry("median", number("131.50"));
        assertThat(stats.get("8462-4")).containsEntry("average", number("85.50"));

        // an edit at Withings (a corrected value) and a deletion (entered-in-error) change the answer
        Observation corrected = fhirClient().read().resource(Observation.class).withId(ids.get(0)).execute();
        ((Quantity) corrected.getComponent().get(0).getValue()).setValue(130);
        fhirClient().update().resource(corrected).execute();
        Observation withdrawn = fhirClient().read().resource(Observation.class).withId(ids.get(3)).execute();
        withdrawn.setStatus(ObservationStatus.ENTEREDINERROR);
        fhirClient().update().resource(withdrawn).execute();
        fhirClient().delete().resourceById("Observation", ids.get(2)).execute();

        Map<String, Map<String, BigDecimal>> after = stats(patient, BP_PANEL, "average,count");
        assertThat(after.get("8480-6")).containsEntry("average", average(130, 135)).containsEntry("count", number("2"));
        assertThat(after.get("8462-4")).containsEntry("average", average(84, 88));
    }

    @Test
    void statsCountOnlyTheWindowAsked() {
        String patient = newPatient();
        write(heartRate(patient, 60, 2));
        write(heartRate(patient, 70, 5));
        write(heartRate(patient, 90, 100));

        HttpResponse<String> answer = call("GET", "/fhir/Observation/$stats?subject=Patient/" + patient + "&system=" + LOINC
                + "&code=" + HEART_RATE + "&statistic=average,count&duration=24", backend(), null);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(statistics(browser().read(answer.body())).get(HEART_RATE))
                .containsEntry("average", number("65.00")).containsEntry("count", number("2"));
    }

    @Test
    void aPatientsTokenAsksAboutItsOwnPatientOnly() {
        write(heartRate(ANNA, 66, 1));
        String anna = annaToken("launch/patient patient/*.rs").path("access_token").asText();

        HttpResponse<String> own = call("GET", "/fhir/Observation/$lastn?patient=" + ANNA + "&max=3", anna, null);
        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
        assertThat(patientsIn(own)).containsExactly("Patient/" + ANNA);

        assertThat(call("GET", "/fhir/Observation/$lastn?patient=" + BEN, anna, null).statusCode()).isEqualTo(403);
        assertThat(call("GET", "/fhir/Observation/$lastn", anna, null).statusCode()).isEqualTo(403);
        assertThat(call("GET", "/fhir/Observation/$stats?subject=Patient/" + BEN + "&code=" + HEART_RATE
                + "&statistic=average", anna, null).statusCode()).isEqualTo(403);
        assertThat(call("GET", "/fhir/Observation/$stats?subject=Patient/" + ANNA + "&code=" + HEART_RATE
                + "&statistic=average", anna, null).statusCode()).isEqualTo(200);
    }

    @Test
    void statsNeedAScopeNoSearchNarrows() {
        String vitalsOnly = annaToken("launch/patient patient/Observation.rs?category=vital-signs").path("access_token").asText();

        HttpResponse<String> refused = call("GET", "/fhir/Observation/$stats?subject=Patient/" + ANNA + "&code=" + HEART_RATE
                + "&statistic=average", vitalsOnly, null);

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("restriction");
    }

    @Test
    void readingDaysCountCalendarDaysWithReadingsPerPatientAndCode() {
        String patient = newPatient();
        String silent = newPatient();
        Instant midnight = java.time.LocalDate.now(java.time.ZoneOffset.UTC).atStartOfDay().toInstant(java.time.ZoneOffset.UTC);
        write(at(weight(patient, 70.1, 0), midnight.plus(Duration.ofMinutes(10))));
        write(at(weight(patient, 70.2, 0), midnight.plus(Duration.ofMinutes(20))));
        write(at(heartRate(patient, 61, 0), midnight.minus(Duration.ofDays(3)).plus(Duration.ofHours(12))));
        write(at(weight(patient, 71.0, 0), midnight.minus(Duration.ofDays(40))));
        write(at(heartRate(patient, 62, 0), midnight.minus(Duration.ofDays(5))).setStatus(ObservationStatus.ENTEREDINERROR));

        HttpResponse<String> answer = call("GET", "/fhir/Observation/$reading-days?patient=" + patient + "," + silent
                + "&days=30&timezone=UTC", backend(), null);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode patients = browser().read(answer.body()).path("parameter");
        assertThat(part(patients.get(0), "days").path("valueInteger").asInt()).isEqualTo(2);
        Map<String, Integer> perCode = new LinkedHashMap<>();
        patients.get(0).path("part").forEach(metric -> {
            if (metric.path("name").asText().equals("metric")) {
                perCode.put(part(metric, "code").path("valueCoding").path("code").asText(),
                        part(metric, "days").path("valueInteger").asInt());
            }
        });
        assertThat(perCode).containsExactly(Map.entry(WEIGHT, 1), Map.entry(HEART_RATE, 1));
        assertThat(part(patients.get(1), "days").path("valueInteger").asInt()).isZero();
    }

    @Test
    void readingDaysOfAnotherPatientAreRefusedToAPatientsToken() {
        String anna = annaToken("launch/patient patient/*.rs").path("access_token").asText();

        assertThat(call("GET", "/fhir/Observation/$reading-days?patient=" + BEN, anna, null).statusCode()).isEqualTo(403);
        assertThat(call("GET", "/fhir/Observation/$reading-days?patient=" + ANNA, anna, null).statusCode()).isEqualTo(200);
    }

    // ---- helpers ----

    private static JsonNode part(JsonNode parameter, String name) {
        for (JsonNode part : parameter.path("part")) {
            if (part.path("name").asText().equals(name)) {
                return part;
            }
        }
        throw new AssertionError("no part " + name + " in " + parameter);
    }

    private static Observation at(Observation observation, Instant effective) {
        observation.setEffective(new DateTimeType(Date.from(effective)));
        return observation;
    }

    private String backend() {
        return bearer().substring("Bearer ".length());
    }

    private JsonNode lastn(String query) {
        HttpResponse<String> answer = call("GET", "/fhir/Observation/$lastn?" + query, backend(), null);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return browser().read(answer.body());
    }

    private static List<String> ids(JsonNode bundle) {
        List<String> ids = new ArrayList<>();
        bundle.path("entry").forEach(entry -> ids.add("Observation/" + entry.path("resource").path("id").asText()));
        return ids;
    }

    private Map<String, Map<String, BigDecimal>> stats(String patient, String code, String statistics) {
        HttpResponse<String> answer = call("GET", "/fhir/Observation/$stats?subject=Patient/" + patient + "&system=" + LOINC
                + "&code=" + code + "&statistic=" + statistics + "&duration=2400", backend(), null);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return statistics(browser().read(answer.body()));
    }

    /** By code, the statistic codes and their values. */
    private static Map<String, Map<String, BigDecimal>> statistics(JsonNode parameters) {
        Map<String, Map<String, BigDecimal>> byCode = new LinkedHashMap<>();
        parameters.path("parameter").forEach(parameter -> {
            if (!parameter.path("name").asText().equals("statistics")) {
                return;
            }
            JsonNode observation = parameter.path("resource");
            Map<String, BigDecimal> values = new LinkedHashMap<>();
            observation.path("component").forEach(component -> values.put(
                    component.path("code").path("coding").path(0).path("code").asText(),
                    component.path("valueQuantity").path("value").decimalValue().stripTrailingZeros()));
            byCode.put(observation.path("code").path("coding").path(0).path("code").asText(), values);
        });
        return byCode;
    }

    private static BigDecimal average(int... values) {
        BigDecimal sum = BigDecimal.ZERO;
        for (int value : values) {
            sum = sum.add(BigDecimal.valueOf(value));
        }
        return sum.divide(BigDecimal.valueOf(values.length), MathContext.DECIMAL64).setScale(2, RoundingMode.HALF_UP)
                .stripTrailingZeros();
    }

    /** As the answer's JSON carries it: the value, whatever its trailing zeros. */
    private static BigDecimal number(String text) {
        return new BigDecimal(text).stripTrailingZeros();
    }

    private String newPatient() {
        String id = unique("readings");
        fhirClient().update().resource(new Patient().setId(id)).execute();
        return id;
    }

    private String write(Observation observation) {
        return fhirClient().create().resource(observation).execute().getId().getIdPart();
    }

    private static Observation vital(String patient, String code, int hoursAgo) {
        Observation observation = new Observation();
        observation.setStatus(ObservationStatus.FINAL);
        observation.addCategory(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/observation-category",
                "vital-signs", null)));
        observation.setCode(new CodeableConcept(new Coding(LOINC, code, null)));
        observation.setSubject(new Reference("Patient/" + patient));
        observation.setEffective(new DateTimeType(Date.from(NOW.minus(Duration.ofHours(hoursAgo)))));
        return observation;
    }

    private static Observation weight(String patient, double kg, int hoursAgo) {
        return vital(patient, WEIGHT, hoursAgo).setValue(new Quantity().setValue(kg).setSystem("http://unitsofmeasure.org")
                .setCode("kg").setUnit("kg"));
    }

    private static Observation heartRate(String patient, int perMinute, int hoursAgo) {
        return vital(patient, HEART_RATE, hoursAgo).setValue(new Quantity().setValue(perMinute)
                .setSystem("http://unitsofmeasure.org").setCode("/min").setUnit("/min"));
    }

    private static Observation bloodPressure(String patient, int systolic, int diastolic, int hoursAgo) {
        Observation panel = vital(patient, BP_PANEL, hoursAgo);
        panel.addComponent().setCode(new CodeableConcept(new Coding(LOINC, "8480-6", null)))
                .setValue(new Quantity().setValue(systolic).setSystem("http://unitsofmeasure.org").setCode("mm[Hg]")
                        .setUnit("mm[Hg]"));
        panel.addComponent().setCode(new CodeableConcept(new Coding(LOINC, "8462-4", null)))
                .setValue(new Quantity().setValue(diastolic).setSystem("http://unitsofmeasure.org").setCode("mm[Hg]")
                        .setUnit("mm[Hg]"));
        return panel;
    }
}
