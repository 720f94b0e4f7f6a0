package dev.pulsebridge.mapping.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulsebridge.mapping.Fixtures;
import dev.pulsebridge.mapping.withings.IntradaySample;
import dev.pulsebridge.mapping.withings.WithingsPayloads;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r5.model.Observation;
import org.junit.jupiter.api.Test;

class IntradayMapperTest {

    private static final String REAL = "roessland-withoutings/withings-resp-measurev2-getintradayactivity-0.json";
    private final IntradayMapper mapper = new IntradayMapper();

    private static String localCode(Observation observation) {
        return observation.getCode().getCoding().get(observation.getCode().getCoding().size() - 1).getCode();
    }

    private static IntradaySample heartRate(String at, int bpm) {
        return new IntradaySample(Instant.parse(at), "ScanWatch", 93, null, Map.of("heart_rate", BigDecimal.valueOf(bpm)));
    }

    @Test
    void theRealSliceBecomesOneSeriesPerMeasuredFieldOfItsDay() {
        MappedRecord day = mapper.map(WithingsPayloads.intradayActivity(Fixtures.json(REAL)), ZoneOffset.UTC, Fixtures.CONTEXT)
                .records().get(0);

        assertThat(day.recordKey()).isEqualTo("intraday:2022-12-13");
        assertThat(day.observations()).extracting(IntradayMapperTest::localCode)
                .containsExactly("intraday:steps", "intraday:distance", "intraday:elevation", "intraday:calories");
        Observation steps = day.observations().get(0);
        assertThat(steps.getCode().getCodingFirstRep().getCode()).isEqualTo("55423-8");
        assertThat(steps.getValueSampledData().getOffsets()).isEqualTo("0");
        assertThat(steps.getValueSampledData().getData()).isEqualTo("13");
        assertThat(day.observations().get(1).getValueSampledData().getData()).isEqualTo("9.364");
    }

    @Test
    void heartRateEveryMinuteIsAnIntervalSeriesWithAGapMarked() {
        List<IntradaySample> slices = List.of(heartRate("2026-11-30T10:00:00Z", 61), heartRate("2026-11-30T10:01:00Z", 64),
                heartRate("2026-11-30T10:03:00Z", 70));

        Observation series = mapper.map(slices, ZoneOffset.UTC, Fixtures.CONTEXT).records().get(0).observations().get(0);

        assertThat(series.getCode().getCodingFirstRep().getCode()).isEqualTo("8867-4");
        assertThat(series.getValueSampledData().getInterval().intValue()).isEqualTo(60);
        assertThat(series.getValueSampledData().getData()).isEqualTo("61 64 E 70");
    }

    @Test
    void slicesAreGroupedByTheLocalDayTheyFallOn() {
        List<IntradaySample> slices = List.of(heartRate("2026-11-30T22:30:00Z", 61), heartRate("2026-11-30T23:30:00Z", 64));

        MappingResult paris = mapper.map(slices, ZoneId.of("Europe/Paris"), Fixtures.CONTEXT);

        assertThat(paris.records()).extracting(MappedRecord::recordKey)
                .containsExactly("intraday:2026-11-30", "intraday:2026-12-01");
    }
}
