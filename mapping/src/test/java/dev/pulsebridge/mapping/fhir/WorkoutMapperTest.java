package dev.pulsebridge.mapping.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulsebridge.mapping.Fixtures;
import dev.pulsebridge.mapping.withings.WithingsPayloads;
import org.hl7.fhir.r5.model.Observation;
import org.hl7.fhir.r5.model.Observation.ObservationComponentComponent;
import org.junit.jupiter.api.Test;

class WorkoutMapperTest {

    private final WorkoutMapper mapper = new WorkoutMapper();

    private Observation first(String fixture) {
        return mapper.map(WithingsPayloads.workouts(Fixtures.json(fixture)).items(), Fixtures.CONTEXT).observations().get(0);
    }

    private static ObservationComponentComponent component(Observation workout, String code) {
        return workout.getComponent().stream()
                .filter(c -> c.getCode().getCoding().stream().anyMatch(coding -> coding.getCode().equals(code)))
                .findFirst().orElseThrow(() -> new AssertionError("no component " + code));
    }

    @Test
    void workoutIsOneExerciseObservationWithItsSportAsValue() {
        Observation workout = first("joostlek-python-withings/workouts.json");

        assertThat(workout.getCode().getCodingFirstRep().getCode()).isEqualTo("73985-4");
        assertThat(workout.getValueCodeableConcept().getCodingFirstRep().getCode()).isEqualTo("1");
        assertThat(workout.getValueCodeableConcept().getCodingFirstRep().getDisplay()).isEqualTo("Walk");
        assertThat(workout.getEffectivePeriod().getStartElement().getValueAsString()).isEqualTo("2023-08-29T21:06:51+02:00");
        assertThat(workout.getIdentifierFirstRep().getValue()).isEqualTo("12345.workout.3661300277");
    }

    @Test
    void workoutMeasurementsAreComponents() {
        Observation workout = first("joostlek-python-withings/workouts.json");

        assertThat(component(workout, "55423-8").getValueQuantity().getValue()).isEqualByComparingTo("779");
        assertThat(component(workout, "103208-5").getValueQuantity().getValue()).isEqualByComparingTo("680");
        assertThat(component(workout, "workout:calories").getValueQuantity().getCode()).isEqualTo("kcal");
        assertThat(component(workout, "workout:pause_duration").getValueQuantity().getValue()).isEqualByComparingTo("1.33");
        assertThat(workout.getComponent()).noneMatch(c -> c.getCode().getCoding().stream()
                .anyMatch(coding -> coding.getCode().equals("workout:algo_pause_duration")));
    }

    @Test
    void zeroAndNullFieldsAreLeftOutAndConfirmedDetectionIsRecorded() {
        Observation workout = first("roessland-withoutings/withings-resp-measurev2-getworkouts-0.json");

        assertThat(workout.getComponent()).extracting(c -> c.getCode().getCoding().get(c.getCode().getCoding().size() - 1).getCode())
                .containsExactly("workout:calories", "workout:intensity", "workout:steps", "workout:distance", "workout:elevation");
        assertThat(workout.getMethod().getCodingFirstRep().getCode()).isEqualTo("7");
    }
}
