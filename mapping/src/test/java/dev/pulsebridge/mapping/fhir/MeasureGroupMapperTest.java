package dev.pulsebridge.mapping.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulsebridge.mapping.Fixtures;
import dev.pulsebridge.mapping.withings.MeasureGroup;
import dev.pulsebridge.mapping.withings.WithingsPayloads;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.hl7.fhir.r5.model.Coding;
import org.hl7.fhir.r5.model.Enumerations.ObservationStatus;
import org.hl7.fhir.r5.model.Observation;
import org.hl7.fhir.r5.model.Observation.ObservationComponentComponent;
import org.hl7.fhir.r5.model.Quantity;
import org.hl7.fhir.r5.model.Reference;
import org.junit.jupiter.api.Test;

class MeasureGroupMapperTest {

    private final MeasureGroupMapper mapper = new MeasureGroupMapper();

    private MappingResult map(String fixture) {
        return map(fixture, Fixtures.CONTEXT);
    }

    private MappingResult map(String fixture, MappingContext context) {
        return mapper.map(WithingsPayloads.measureGroups(Fixtures.json(fixture)).items(), context);
    }

    private MappingResult mapJson(String json) {
        return mapper.map(WithingsPayloads.measureGroups(WithingsPayloads.parse(json)).items(), Fixtures.CONTEXT);
    }

    static Observation withLoinc(List<Observation> observations, String loinc) {
        return observations.stream()
                .filter(o -> o.getCode().getCoding().stream().anyMatch(c -> c.getSystem().equals("http://loinc.org") && c.getCode().equals(loinc)))
                .findFirst().orElseThrow(() -> new AssertionError("no Observation coded " + loinc));
    }

    static Observation withLocalCode(List<Observation> observations, String code) {
        return observations.stream()
                .filter(o -> o.getCode().getCoding().stream().anyMatch(c -> c.getCode().equals(code)))
                .findFirst().orElseThrow(() -> new AssertionError("no Observation coded " + code));
    }

    private static void assertQuantity(Quantity quantity, String value, String ucum) {
        assertThat(quantity.getValue()).isEqualByComparingTo(value);
        assertThat(quantity.getCode()).isEqualTo(ucum);
        assertThat(quantity.getSystem()).isEqualTo("http://unitsofmeasure.org");
    }

    @Test
    void weightBecomesABodyWeightVitalSignInKilograms() {
        Observation weight = map("roessland-withoutings/withings-resp-measure-getmeas-0-weight.json").observations().get(0);

        assertThat(weight.getCode().getCodingFirstRep().getSystem()).isEqualTo("http://loinc.org");
        assertThat(weight.getCode().getCodingFirstRep().getCode()).isEqualTo("29463-7");
        assertThat(weight.getCode().getCoding()).extracting(Coding::getCode).containsExactly("29463-7", "getmeas:1");
        assertQuantity(weight.getValueQuantity(), "80.094", "kg");
        assertThat(weight.getMeta().getProfile().get(0).getValue()).isEqualTo("http://hl7.org/fhir/StructureDefinition/bodyweight");
        assertThat(weight.getCategory().get(0).getCodingFirstRep().getCode()).isEqualTo("vital-signs");
        assertThat(weight.getStatus()).isEqualTo(ObservationStatus.FINAL);
        assertThat(weight.getSubject().getReference()).isEqualTo("Patient/p1");
        assertThat(weight.getMeta().getSource()).isEqualTo("https://wbsapi.withings.net");
    }

    @Test
    void effectiveTimeCarriesTheOffsetOfTheUsersZone() {
        Observation weight = map("roessland-withoutings/withings-resp-measure-getmeas-0-weight.json").observations().get(0);

        // 1706376730 is 17:32:10Z; Europe/Oslo is UTC+1 in January.
        assertThat(weight.getEffectiveDateTimeType().getValueAsString()).isEqualTo("2024-01-27T18:32:10+01:00");
    }

    @Test
    void identifierAndIdAreStableAcrossReplays() {
        Observation first = map("roessland-withoutings/withings-resp-measure-getmeas-0-weight.json").observations().get(0);
        Observation again = map("roessland-withoutings/withings-resp-measure-getmeas-0-weight.json").observations().get(0);

        assertThat(first.getIdentifierFirstRep().getSystem()).isEqualTo("https://pulsebridge.dev/fhir/NamingSystem/withings-observation");
        assertThat(first.getIdentifierFirstRep().getValue()).isEqualTo("12345.getmeas.5207274273.1");
        assertThat(first.getIdPart()).isEqualTo(again.getIdPart()).startsWith("wobs-").hasSize(45);
    }

    @Test
    void readingReferencesTheDeviceAndTheDeviceIsLinkedToThePatient() {
        MappingResult result = map("roessland-withoutings/withings-resp-measure-getmeas-0-weight.json");
        Observation weight = result.observations().get(0);

        assertThat(result.devices()).extracting(r -> r.fhirType()).containsExactly("Device", "DeviceAssociation");
        org.hl7.fhir.r5.model.Device device = (org.hl7.fhir.r5.model.Device) result.devices().get(0);
        org.hl7.fhir.r5.model.DeviceAssociation association = (org.hl7.fhir.r5.model.DeviceAssociation) result.devices().get(1);
        assertThat(weight.getDevice().getReference()).isEqualTo("Device/" + device.getIdPart());
        assertThat(device.getDisplayName()).isEqualTo("Body+");
        assertThat(device.getModelNumber()).isEqualTo("5");
        assertThat(device.getIdentifierFirstRep().getValue()).isEqualTo("0f8468678a411f018eea9e743a3cea4e54f74e0a");
        assertThat(association.getDevice().getReference()).isEqualTo("Device/" + device.getIdPart());
        assertThat(association.getSubject().getReference()).isEqualTo("Patient/p1");
    }

    @Test
    void valueIsDecodedExactlyWhateverTheExponent() {
        MappingResult result = mapJson("""
                {"measuregrps":[{"grpid":1,"attrib":0,"date":1700000000,"category":1,"measures":[
                  {"type":1,"value":7250,"unit":-2},{"type":6,"value":19467,"unit":-3},{"type":4,"value":1834,"unit":-3}]}]}""");

        assertQuantity(withLoinc(result.observations(), "29463-7").getValueQuantity(), "72.5", "kg");
        assertQuantity(withLoinc(result.observations(), "41982-0").getValueQuantity(), "19.467", "%");
        assertQuantity(withLoinc(result.observations(), "8302-2").getValueQuantity(), "183.4", "cm");
    }

    @Test
    void bloodPressureIsOnePanelWithSystolicAndDiastolicComponentsAndPulseIsSeparate() {
        List<Observation> observations = map("home-assistant-core/get_meas.json").observations();

        Observation panel = withLoinc(observations, "85354-9");
        assertThat(panel.getMeta().getProfile().get(0).getValue()).isEqualTo("http://hl7.org/fhir/StructureDefinition/bp");
        assertThat(panel.hasValue()).isFalse();
        ObservationComponentComponent systolic = panel.getComponent().get(0);
        ObservationComponentComponent diastolic = panel.getComponent().get(1);
        assertThat(systolic.getCode().getCodingFirstRep().getCode()).isEqualTo("8480-6");
        assertQuantity(systolic.getValueQuantity(), "100", "mm[Hg]");
        assertThat(diastolic.getCode().getCodingFirstRep().getCode()).isEqualTo("8462-4");
        assertQuantity(diastolic.getValueQuantity(), "70", "mm[Hg]");

        Observation pulse = withLoinc(observations, "8867-4");
        assertQuantity(pulse.getValueQuantity(), "60", "/min");
        assertThat(pulse.getMeta().getProfile().get(0).getValue()).isEqualTo("http://hl7.org/fhir/StructureDefinition/heartrate");
    }

    @Test
    void spo2CarriesBothTheProfileCodeAndThePulseOximetryCode() {
        Observation spo2 = withLocalCode(map("home-assistant-core/get_meas.json").observations(), "getmeas:54");

        assertThat(spo2.getCode().getCoding()).extracting(Coding::getCode).containsExactly("2708-6", "59408-5", "getmeas:54");
        assertQuantity(spo2.getValueQuantity(), "0.95", "%");
    }

    @Test
    void temperatureIsABodyTemperatureInCelsius() {
        Observation temperature = withLocalCode(map("home-assistant-core/get_meas.json").observations(), "getmeas:71");

        assertThat(temperature.getCode().getCodingFirstRep().getCode()).isEqualTo("8310-5");
        assertQuantity(temperature.getValueQuantity(), "40", "Cel");
    }

    @Test
    void bmiIsDerivedFromWeightAndHeightOfTheSameGroup() {
        List<Observation> observations = map("home-assistant-core/get_meas.json").observations();

        Observation bmi = withLoinc(observations, "39156-5");
        assertQuantity(bmi.getValueQuantity(), "17.5", "kg/m2");
        assertThat(bmi.getDerivedFrom()).extracting(Reference::getReference).containsExactly(
                "Observation/" + withLoinc(observations, "29463-7").getIdPart(),
                "Observation/" + withLoinc(observations, "8302-2").getIdPart());
    }

    @Test
    void bmiUsesTheLatestKnownHeightWhenThePayloadHasNone() {
        KnownHeight height = new KnownHeight(new BigDecimal("1.80"), Instant.parse("2023-01-01T00:00:00Z"), "wobs-height");
        List<Observation> observations = map("roessland-withoutings/withings-resp-measure-getmeas-0-weight.json",
                Fixtures.CONTEXT.withLatestHeight(height)).observations();

        Observation bmi = withLoinc(observations, "39156-5");
        assertQuantity(bmi.getValueQuantity(), "24.7", "kg/m2");
        assertThat(bmi.getDerivedFrom().get(1).getReference()).isEqualTo("Observation/wobs-height");
    }

    @Test
    void noBmiWithoutAnyHeight() {
        List<Observation> observations = map("roessland-withoutings/withings-resp-measure-getmeas-0-weight.json").observations();

        assertThat(observations).hasSize(1);
    }

    @Test
    void duplicatedGroupCollapsesToOneReading() {
        MappingResult result = map("joostlek-python-withings/measurement.json");

        assertThat(result.observations()).hasSize(1);
        assertQuantity(result.observations().get(0).getValueQuantity(), "118.003", "kg");
        assertThat(result.skipped()).singleElement().satisfies(skip -> {
            assertThat(skip.recordKey()).isEqualTo("getmeas:4815757309");
            assertThat(skip.reason()).contains("attrib 8");
        });
    }

    @Test
    void segmentalMassesAreOneReadingPerSegmentWithItsBodySite() {
        List<Observation> observations = map("joostlek-python-withings/measurement_positions.json").records().get(0).observations();

        List<Observation> segmentalFatFree = observations.stream()
                .filter(o -> o.getCode().getCoding().stream().anyMatch(c -> c.getCode().equals("getmeas:173"))).toList();
        assertThat(segmentalFatFree).hasSize(5);
        Observation torso = segmentalFatFree.get(0);
        assertThat(torso.getBodySite().getCodingFirstRep().getCode()).isEqualTo("12");
        assertThat(torso.getBodySite().getCodingFirstRep().getDisplay()).isEqualTo("Torso");
        assertQuantity(torso.getValueQuantity(), "40", "kg");
        assertThat(torso.getIdentifierFirstRep().getValue()).endsWith(".173.p12");
        assertThat(segmentalFatFree).extracting(Observation::getIdPart).doesNotHaveDuplicates();
    }

    @Test
    void repeatedIdenticalMeasureInAGroupIsOneReading() {
        List<Observation> observations = map("joostlek-python-withings/measurement_positions.json").observations();

        assertThat(observations.stream().filter(o -> o.getCode().getCoding().stream()
                .anyMatch(c -> c.getCode().equals("getmeas:5")))).hasSize(2); // one per group, not two
    }

    @Test
    void manualEntryIsMarkedPatientReported() {
        Observation height = map("joostlek-python-withings/measurement_list.first6.json").observations().get(0);

        assertThat(height.getMethod().getCodingFirstRep().getCode()).isEqualTo("2");
        assertThat(height.getPerformerFirstRep().getReference()).isEqualTo("Patient/p1");
        assertThat(height.getStatus()).isEqualTo(ObservationStatus.FINAL);
        assertQuantity(height.getValueQuantity(), "160", "cm");
        assertThat(height.hasDevice()).isFalse();
    }

    @Test
    void ambiguousAttributionIsKeptAsPreliminary() {
        Observation weight = mapJson("""
                {"measuregrps":[{"grpid":7,"attrib":1,"date":1700000000,"category":1,"deviceid":"d1",
                  "measures":[{"type":1,"value":80000,"unit":-3}]}]}""").observations().get(0);

        assertThat(weight.getStatus()).isEqualTo(ObservationStatus.PRELIMINARY);
        assertThat(weight.getMethod().getCodingFirstRep().getCode()).isEqualTo("1");
    }

    @Test
    void objectiveGroupIsNotAnObservation() {
        MappingResult result = mapJson("""
                {"measuregrps":[{"grpid":8,"attrib":0,"date":1700000000,"category":2,
                  "measures":[{"type":1,"value":75000,"unit":-3}]}]}""");

        assertThat(result.allResources()).isEmpty();
        assertThat(result.skipped()).extracting(SkippedItem::recordKey).containsExactly("getmeas:8");
    }

    @Test
    void unknownMeasureTypeKeepsItsRawValueUnderALocalCodeAndIsReported() {
        MappingResult result = mapJson("""
                {"measuregrps":[{"grpid":9,"attrib":0,"date":1700000000,"category":1,
                  "measures":[{"type":999,"value":1234,"unit":-1}]}]}""");

        Observation observation = result.observations().get(0);
        assertThat(observation.getCode().getCoding()).extracting(Coding::getSystem, Coding::getCode)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("https://pulsebridge.dev/fhir/CodeSystem/withings-measure", "getmeas:999"));
        assertQuantity(observation.getValueQuantity(), "123.4", "1");
        assertThat(observation.getMeta().getTag()).extracting(Coding::getCode).containsExactly("unmapped");
        assertThat(result.unmapped()).containsExactly(new UnmappedValue(dev.pulsebridge.terminology.Source.GETMEAS, "999", "getmeas:9"));
    }

    @Test
    void afibResultIsALocalClassificationNotADiagnosis() {
        Observation afib = withLocalCode(map("joostlek-python-withings/measurement_list_2.json").observations(), "getmeas:130");

        assertThat(afib.getValueCodeableConcept().getCodingFirstRep().getSystem())
                .isEqualTo("https://pulsebridge.dev/fhir/CodeSystem/withings-afib-result");
        assertThat(afib.getValueCodeableConcept().getCodingFirstRep().getCode()).isEqualTo("8");
        assertThat(afib.getValueCodeableConcept().getCodingFirstRep().getDisplay()).isEqualTo("Inconclusive (US)");
        assertThat(afib.getCode().getCoding()).noneMatch(c -> c.getSystem().equals("http://loinc.org"));
    }

    @Test
    void removingATypeFromAGroupRetiresItsObservation() {
        MappingResult before = mapJson("""
                {"measuregrps":[{"grpid":10,"attrib":0,"date":1700000000,"category":1,
                  "measures":[{"type":1,"value":80000,"unit":-3},{"type":6,"value":20000,"unit":-3}]}]}""");
        MappingResult after = mapJson("""
                {"measuregrps":[{"grpid":10,"attrib":0,"date":1700000000,"category":1,
                  "measures":[{"type":1,"value":80000,"unit":-3}]}]}""");

        String fatRatioId = withLoinc(before.observations(), "41982-0").getIdPart();
        assertThat(after.records().get(0).retiredSince(before.records().get(0).resourceIds())).containsExactly(fatRatioId);
        assertThat(MappedRecord.enteredInError(withLoinc(before.observations(), "41982-0")).getStatus())
                .isEqualTo(ObservationStatus.ENTEREDINERROR);
    }

    @Test
    void groupsCarryTheResponseTimezone() {
        List<MeasureGroup> groups = WithingsPayloads.measureGroups(Fixtures.json("joostlek-python-withings/measurement.json")).items();

        assertThat(groups.get(0).zone().getId()).isEqualTo("Europe/Amsterdam");
    }
}
