package dev.pulsebridge.terminology;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class CodeTableTest {

    @Test
    void weightIsLoincBodyWeightInKilogramsClaimingTheBodyWeightProfile() {
        Metric weight = CodeTable.measureType(1);

        assertThat(weight.code()).isEqualTo("getmeas:1");
        assertThat(weight.observationLoincCodes()).containsExactly(new LoincCode("29463-7", "Body weight"));
        assertThat(weight.unit().ucum()).isEqualTo("kg");
        assertThat(weight.vitalSignProfile()).contains(VitalSignProfile.BODY_WEIGHT);
    }

    @Test
    void heightIsConvertedFromMetresToCentimetres() {
        Metric height = CodeTable.measureType(4);

        assertThat(height.unit().ucum()).isEqualTo("cm");
        assertThat(height.toUcum(new BigDecimal("1.834"))).isEqualByComparingTo("183.4");
    }

    @Test
    void sleepDurationsAreConvertedFromSecondsToMinutes() {
        Metric deepSleep = CodeTable.find(Source.SLEEP, "deepsleepduration").orElseThrow();

        assertThat(deepSleep.unit().ucum()).isEqualTo("min");
        assertThat(deepSleep.toUcum(new BigDecimal("9540"))).isEqualByComparingTo("159");
        assertThat(deepSleep.toUcum(new BigDecimal("1864"))).isEqualByComparingTo("31.07");
    }

    @Test
    void sleepEfficiencyIsConvertedFromRatioToPercent() {
        assertThat(CodeTable.find(Source.SLEEP, "sleep_efficiency").orElseThrow().toUcum(new BigDecimal("0.97")))
                .isEqualByComparingTo("97");
    }

    @Test
    void diastolicIsCodedAsDiastolicNotAsHeartRate() {
        assertThat(CodeTable.measureType(9).observationLoincCodes()).extracting(LoincCode::code).containsExactly("8462-4");
        assertThat(CodeTable.measureType(10).observationLoincCodes()).extracting(LoincCode::code).containsExactly("8480-6");
    }

    @Test
    void spo2CarriesTheCodeItsProfileRequires() {
        assertThat(CodeTable.measureType(54).observationLoincCodes()).extracting(LoincCode::code).containsExactly("2708-6", "59408-5");
    }

    @Test
    void unknownMeasureTypeIsAFlaggedLocalRowWithTheRawUnit() {
        Metric unknown = CodeTable.measureType(999);

        assertThat(unknown.unmapped()).isTrue();
        assertThat(unknown.code()).isEqualTo("getmeas:999");
        assertThat(unknown.unit()).isEqualTo(Unit.RAW);
        assertThat(unknown.observationLoincCodes()).isEmpty();
    }

    @Test
    void everyQuantityRowHasAUcumUnitAndEveryProfiledRowALoincCode() {
        for (Metric metric : CodeTable.all()) {
            if (metric.kind() == ValueKind.QUANTITY) {
                assertThat(metric.unit()).as(metric.code()).isNotNull();
            }
            if (metric.profile() != null) {
                assertThat(metric.observationLoincCodes()).as(metric.code()).isNotEmpty();
            }
        }
    }

    @Test
    void everyDocumentedMeasureTypeIsInTheTable() {
        int[] documented = {1, 4, 5, 6, 8, 9, 10, 11, 12, 54, 71, 73, 76, 77, 88, 91, 119, 123, 130, 135, 136, 137, 138, 139,
                155, 158, 159, 167, 168, 169, 170, 173, 174, 175, 196, 197, 198, 226, 227, 229};
        for (int type : documented) {
            assertThat(CodeTable.measureType(type).unmapped()).as("type " + type).isFalse();
        }
    }

    @Test
    void sleepGetIsAskedForEveryMappedPerMinuteFieldButNotForItsStagesWhichAlwaysCome() {
        assertThat(CodeTable.requestFields(Source.SLEEP_SERIES).split(","))
                .contains("hr", "rr", "snoring", "sdnn_1", "rmssd").doesNotContain("state");
    }

    @Test
    void intradayActivityIsAskedForStepsHeartRateAndSpo2() {
        assertThat(CodeTable.requestFields(Source.INTRADAY).split(",")).contains("steps", "heart_rate", "spo2_auto");
    }
}
