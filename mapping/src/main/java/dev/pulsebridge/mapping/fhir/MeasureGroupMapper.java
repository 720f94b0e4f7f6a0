package dev.pulsebridge.mapping.fhir;

import dev.pulsebridge.mapping.withings.Measure;
import dev.pulsebridge.mapping.withings.MeasureGroup;
import dev.pulsebridge.terminology.CodeTable;
import dev.pulsebridge.terminology.Codings;
import dev.pulsebridge.terminology.LocalCodeLists;
import dev.pulsebridge.terminology.Metric;
import dev.pulsebridge.terminology.Source;
import dev.pulsebridge.terminology.ValueKind;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r5.model.Observation;
import org.hl7.fhir.r5.model.Observation.ObservationComponentComponent;
import org.hl7.fhir.r5.model.Reference;

/**
 * getmeas measure groups to Observations: one per reading, blood pressure as one panel, BMI derived
 * from weight and height.
 */
public final class MeasureGroupMapper {

    private static final int WEIGHT = 1;
    private static final int HEIGHT = 4;
    private static final int DIASTOLIC = 9;
    private static final int SYSTOLIC = 10;
    /** Segmental body composition: the position names the segment, so it is part of the reading's identity. */
    private static final Set<Integer> SEGMENTAL = Set.of(173, 174, 175);
    /** Positions that say nothing about where on the body (between legs, whole body). */
    private static final Set<Integer> NO_SITE = Set.of(6, 7);

    public MappingResult map(List<MeasureGroup> groups, MappingContext context) {
        MappingResult.Builder result = MappingResult.builder();
        List<MeasureGroup> unique = withoutDuplicates(groups, result);
        List<HeightReading> heights = heights(unique, context);
        for (MeasureGroup group : unique) {
            String key = "getmeas:" + group.grpid();
            if (group.isObjective()) {
                result.skipped(key, "category 2: a user objective, not a measurement");
                continue;
            }
            if (group.deviceKey() != null) {
                Devices.fromDataRow(group.deviceKey(), group.model(), group.modelId(), context).forEach(result::device);
            }
            result.record(key, mapGroup(group, key, heights, context, result));
        }
        return result.build();
    }

    private List<Observation> mapGroup(MeasureGroup group, String key, List<HeightReading> heights, MappingContext context,
            MappingResult.Builder result) {
        Map<String, Measure> measures = distinctMeasures(group, key, result);
        List<Observation> observations = new ArrayList<>();
        Measure diastolic = measures.remove(Integer.toString(DIASTOLIC));
        Measure systolic = measures.remove(Integer.toString(SYSTOLIC));
        if (diastolic != null || systolic != null) {
            observations.add(bloodPressure(group, systolic, diastolic, context));
        }
        Observation weight = null;
        for (Map.Entry<String, Measure> entry : measures.entrySet()) {
            Measure measure = entry.getValue();
            Metric metric = CodeTable.measureType(measure.type());
            if (metric.unmapped()) {
                result.unmapped(new UnmappedValue(Source.GETMEAS, Integer.toString(measure.type()), key));
            }
            Observation observation = reading(group, entry.getKey(), measure, metric, context);
            observations.add(observation);
            if (measure.type() == WEIGHT) {
                weight = observation;
            }
        }
        if (weight != null) {
            bmi(group, weight, heights, context).ifPresent(observations::add);
        }
        return observations;
    }

    private Observation reading(MeasureGroup group, String measureKey, Measure measure, Metric metric, MappingContext context) {
        Observation observation = start(group, metric, group.grpid() + "." + measureKey, context);
        if (metric.kind() == ValueKind.CODED) {
            observation.setValue(Codings.concept(LocalCodeLists.AFIB_RESULT, measure.decoded().toBigInteger().toString()));
        } else {
            observation.setValue(Observations.quantity(metric, measure.decoded()));
        }
        if (measure.position() != null && !NO_SITE.contains(measure.position())) {
            observation.setBodySite(Codings.concept(LocalCodeLists.BODY_POSITION, measure.position().toString()));
        }
        return observation;
    }

    private Observation bloodPressure(MeasureGroup group, Measure systolic, Measure diastolic, MappingContext context) {
        Observation panel = start(group, CodeTable.BLOOD_PRESSURE_PANEL, group.grpid() + ".bp", context);
        if (systolic == null || diastolic == null) {
            // The bp profile needs both pressures; half a reading is kept without claiming it.
            panel.getMeta().getProfile().clear();
        }
        addComponent(panel, systolic);
        addComponent(panel, diastolic);
        return panel;
    }

    private static void addComponent(Observation panel, Measure measure) {
        if (measure == null) {
            return;
        }
        Metric metric = CodeTable.measureType(measure.type());
        ObservationComponentComponent component = panel.addComponent();
        component.setCode(Codings.observationCode(metric));
        component.setValue(Observations.quantity(metric, measure.decoded()));
    }

    private Optional<Observation> bmi(MeasureGroup group, Observation weight, List<HeightReading> heights,
            MappingContext context) {
        Optional<HeightReading> height = heightFor(group.date(), heights);
        if (height.isEmpty() || height.get().metres().signum() <= 0) {
            return Optional.empty();
        }
        BigDecimal kilograms = weight.getValueQuantity().getValue();
        BigDecimal metres = height.get().metres();
        BigDecimal bmi = kilograms.divide(metres.multiply(metres), MathContext.DECIMAL64).setScale(1, RoundingMode.HALF_UP);
        // Computed by us, not measured: no device or attribution, but no surer than the weight it comes from.
        Observation observation = Observations.create(CodeTable.BMI, "getmeas." + group.grpid() + ".bmi", context);
        observation.setEffective(Observations.dateTime(group.date(), group.zone()));
        observation.setStatus(weight.getStatus());
        observation.setValue(Observations.quantity(CodeTable.BMI, bmi));
        observation.addDerivedFrom(Observations.reference(weight));
        observation.addDerivedFrom(new Reference("Observation/" + height.get().observationId()));
        return Optional.of(observation);
    }

    private Observation start(MeasureGroup group, Metric metric, String identifierSuffix, MappingContext context) {
        Observation observation = Observations.create(metric, "getmeas." + identifierSuffix, context);
        observation.setEffective(Observations.dateTime(group.date(), group.zone()));
        if (group.deviceKey() != null) {
            observation.setDevice(Devices.reference(group.deviceKey()));
        }
        Attribution.apply(observation, group.attrib(), context);
        return observation;
    }

    /**
     * The same grpid can come twice in one response (attrib 0 and its alias 8); the first wins and
     * the copy is reported.
     */
    private static List<MeasureGroup> withoutDuplicates(List<MeasureGroup> groups, MappingResult.Builder result) {
        Map<Long, MeasureGroup> byId = new LinkedHashMap<>();
        for (MeasureGroup group : groups) {
            MeasureGroup kept = byId.putIfAbsent(group.grpid(), group);
            if (kept != null) {
                result.skipped("getmeas:" + group.grpid(), "grpid listed again (attrib " + group.attrib()
                        + "); kept the first copy (attrib " + kept.attrib() + ")");
            }
        }
        return new ArrayList<>(byId.values());
    }

    /** Measures keyed by type (and segment for segmental types); repeated identical measures collapse. */
    private static Map<String, Measure> distinctMeasures(MeasureGroup group, String recordKey, MappingResult.Builder result) {
        Map<String, Measure> measures = new LinkedHashMap<>();
        for (Measure measure : group.measures()) {
            String key = SEGMENTAL.contains(measure.type()) && measure.position() != null
                    ? measure.type() + ".p" + measure.position()
                    : Integer.toString(measure.type());
            Measure kept = measures.putIfAbsent(key, measure);
            if (kept != null && kept.decoded().compareTo(measure.decoded()) != 0) {
                result.skipped(recordKey, "type " + measure.type() + " listed twice with different values ("
                        + kept.decoded().toPlainString() + ", " + measure.decoded().toPlainString() + "); kept the first");
            }
        }
        return measures;
    }

    private record HeightReading(BigDecimal metres, Instant measuredAt, String observationId) {
    }

    private static List<HeightReading> heights(List<MeasureGroup> groups, MappingContext context) {
        List<HeightReading> heights = new ArrayList<>();
        for (MeasureGroup group : groups) {
            if (group.isObjective() || Attribution.isAmbiguous(group.attrib())) {
                continue;
            }
            group.measures().stream().filter(m -> m.type() == HEIGHT).findFirst().ifPresent(m -> heights.add(
                    new HeightReading(m.decoded(), group.date(), StableIds.observation(
                            context.withingsUserId() + ".getmeas." + group.grpid() + "." + HEIGHT))));
        }
        context.knownHeight().ifPresent(known -> heights.add(
                new HeightReading(known.metres(), known.measuredAt(), known.observationId())));
        heights.sort(Comparator.comparing(HeightReading::measuredAt));
        return heights;
    }

    /**
     * The latest height taken at or before the weight; if every known height is newer, the oldest of
     * them (adult height barely changes, and Withings itself computes BMI from the current height).
     */
    private static Optional<HeightReading> heightFor(Instant weighedAt, List<HeightReading> heights) {
        HeightReading chosen = null;
        for (HeightReading height : heights) {
            if (!height.measuredAt().isAfter(weighedAt)) {
                chosen = height;
            }
        }
        if (chosen == null && !heights.isEmpty()) {
            chosen = heights.get(0);
        }
        return Optional.ofNullable(chosen);
    }
}
