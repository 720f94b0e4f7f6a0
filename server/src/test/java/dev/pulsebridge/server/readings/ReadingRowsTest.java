package dev.pulsebridge.server.readings;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r5.model.CodeableConcept;
import org.hl7.fhir.r5.model.Coding;
import org.hl7.fhir.r5.model.DateTimeType;
import org.hl7.fhir.r5.model.Enumerations.ObservationStatus;
import org.hl7.fhir.r5.model.Observation;
import org.hl7.fhir.r5.model.Quantity;
import org.hl7.fhir.r5.model.Reference;
import org.junit.jupiter.api.Test;

class ReadingRowsTest {

    private static Observation bloodPressure(int systolic, int diastolic) {
        Observation panel = new Observation();
        panel.setId("bp-1");
        panel.setStatus(ObservationStatus.FINAL);
        panel.setSubject(new Reference("Patient/p1"));
        panel.addCategory(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/observation-category",
                "vital-signs", null)));
        panel.setCode(new CodeableConcept(new Coding("http://loinc.org", "85354-9", null)));
        panel.setEffective(new DateTimeType(new Date(1_700_000_000_000L)));
        panel.addComponent().setCode(new CodeableConcept(new Coding("http://loinc.org", "8480-6", null)))
                .setValue(new Quantity().setValue(systolic).setSystem("http://unitsofmeasure.org").setCode("mm[Hg]"));
        panel.addComponent().setCode(new CodeableConcept(new Coding("http://loinc.org", "8462-4", null)))
                .setValue(new Quantity().setValue(diastolic).setSystem("http://unitsofmeasure.org").setCode("mm[Hg]"));
        return panel;
    }

    @Test
    void aBloodPressurePanelGivesItsOwnRowAndOneForEachComponent() {
        List<ReadingRow> rows = ReadingRows.of(bloodPressure(128, 84));

        assertThat(rows).extracting(ReadingRow::part, ReadingRow::code, ReadingRow::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, "85354-9", null),
                        org.assertj.core.groups.Tuple.tuple(1, "8480-6", BigDecimal.valueOf(128)),
                        org.assertj.core.groups.Tuple.tuple(2, "8462-4", BigDecimal.valueOf(84)));
        assertThat(rows.get(1).panelCodes()).contains("http://loinc.org|85354-9", "85354-9");
        assertThat(rows.get(1).unit()).isEqualTo("mm[Hg]");
        assertThat(rows.get(0).categories()).contains("vital-signs");
        assertThat(rows).allSatisfy(row -> assertThat(row.patientId()).isEqualTo("p1"));
        assertThat(rows.get(0).effectiveAt()).isEqualTo(java.time.Instant.ofEpochMilli(1_700_000_000_000L));
    }

    @Test
    void aTimeSeriesIsNotAReadingAndGivesNoRows() {
        Observation nightHeartRate = new Observation();
        nightHeartRate.setId("hr-series-1");
        nightHeartRate.setStatus(ObservationStatus.FINAL);
        nightHeartRate.setSubject(new Reference("Patient/p1"));
        nightHeartRate.setCode(new CodeableConcept(new Coding("http://loinc.org", "8867-4", null)));
        nightHeartRate.setEffective(new DateTimeType(new Date(1_700_000_000_000L)));
        nightHeartRate.setValue(new org.hl7.fhir.r5.model.SampledData().setOrigin(new Quantity().setValue(0))
                .setInterval(60).setIntervalUnit("s").setDimensions(1).setData("57 58 56"));

        assertThat(ReadingRows.of(nightHeartRate)).isEmpty();
    }

    @Test
    void theStatusIsKeptSoEnteredInErrorCanBeLeftOut() {
        Observation withdrawn = bloodPressure(128, 84).setStatus(ObservationStatus.ENTEREDINERROR);

        assertThat(ReadingRows.of(withdrawn)).extracting(ReadingRow::status).containsOnly("entered-in-error");
    }

    @Test
    void anObservationAboutNoPatientGivesNoRows() {
        Observation selfTest = bloodPressure(128, 84);
        selfTest.setSubject(new Reference("Device/cuff-1"));

        assertThat(ReadingRows.of(selfTest)).isEmpty();
    }

    @Test
    void theLoincCodingGroupsTheValueWhateverItsPosition() {
        Observation weight = new Observation();
        weight.setId("w-1");
        weight.setSubject(new Reference("Patient/p1"));
        weight.getCode().addCoding(new Coding("https://pulsebridge.dev/fhir/CodeSystem/withings-measure-type", "1", null))
                .addCoding(new Coding("http://loinc.org", "29463-7", null));
        weight.setValue(new Quantity().setValue(71.5).setSystem("http://unitsofmeasure.org").setCode("kg"));

        ReadingRow row = ReadingRows.of(weight).get(0);

        assertThat(row.codeSystem()).isEqualTo("http://loinc.org");
        assertThat(row.code()).isEqualTo("29463-7");
        assertThat(row.codes()).contains("https://pulsebridge.dev/fhir/CodeSystem/withings-measure-type|1", "1",
                "http://loinc.org|29463-7", "29463-7");
    }
}
