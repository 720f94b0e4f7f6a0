package dev.pulsebridge.server.readings;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import dev.pulsebridge.server.fhir.FhirOperationProvider;
import dev.pulsebridge.server.fhir.PatientIds;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r5.model.BooleanType;
import org.hl7.fhir.r5.model.CodeType;
import org.hl7.fhir.r5.model.CodeableConcept;
import org.hl7.fhir.r5.model.Coding;
import org.hl7.fhir.r5.model.DecimalType;
import org.hl7.fhir.r5.model.Enumerations.ObservationStatus;
import org.hl7.fhir.r5.model.IdType;
import org.hl7.fhir.r5.model.Observation;
import org.hl7.fhir.r5.model.Parameters;
import org.hl7.fhir.r5.model.Period;
import org.hl7.fhir.r5.model.Quantity;
import org.hl7.fhir.r5.model.Reference;
import org.hl7.fhir.r5.model.StringType;
import org.hl7.fhir.r5.model.UriType;
import org.springframework.stereotype.Component;

/**
 * {@code Observation/$stats} (FHIR R5): statistics over one patient's quantity values of the codes asked
 * for, the Observations' own values and their components alike (asking for the blood-pressure panel
 * 85354-9 gives systolic and diastolic), within a duration back from now or a period. One statistics
 * Observation per code and unit, each statistic a component coded from {@link Statistic#SYSTEM}; values
 * in different units are never mixed. Entered-in-error and cancelled readings do not count.
 */
@Component
class ReadingStatistics implements FhirOperationProvider {

    private final ReadingStore store;
    private final DaoRegistry daos;
    private final Clock clock;
    private final ReadModelSwitch readModel;

    ReadingStatistics(ReadingStore store, DaoRegistry daos, Clock clock, ReadModelSwitch readModel) {
        this.store = store;
        this.daos = daos;
        this.clock = clock;
        this.readModel = readModel;
    }

    @Operation(name = "$stats", typeName = "Observation", idempotent = true)
    public Parameters stats(
            @OperationParam(name = "subject", min = 1, max = 1) UriType subject,
            @OperationParam(name = "code", max = OperationParam.MAX_UNLIMITED) List<StringType> codes,
            @OperationParam(name = "system", max = 1) UriType system,
            @OperationParam(name = "coding", max = OperationParam.MAX_UNLIMITED) List<Coding> codings,
            @OperationParam(name = "duration", max = 1) DecimalType duration,
            @OperationParam(name = "period", max = 1) Period period,
            @OperationParam(name = "statistic", min = 1, max = OperationParam.MAX_UNLIMITED) List<CodeType> statistics,
            @OperationParam(name = "include", max = 1) BooleanType include) {
        readModel.required("$stats");
        String patient = patientOf(subject);
        List<String> tokens = tokens(codes, system, codings);
        List<Statistic> wanted = statistics(statistics);
        Instant[] window = window(duration, period);

        Map<String, List<ReadingStore.Value>> byCodeAndUnit = new LinkedHashMap<>();
        for (ReadingStore.Value value : store.values(patient, tokens, window[0], window[1])) {
            byCodeAndUnit.computeIfAbsent(value.codeSystem() + "|" + value.code() + "|" + value.unit(), key -> new ArrayList<>())
                    .add(value);
        }
        Parameters answer = new Parameters();
        Set<String> sources = new LinkedHashSet<>();
        for (List<ReadingStore.Value> values : byCodeAndUnit.values()) {
            answer.addParameter().setName("statistics").setResource(statisticsObservation(patient, values, wanted, window));
            values.forEach(value -> sources.add(value.observationId()));
        }
        if (include != null && include.booleanValue()) {
            for (String id : sources) {
                try {
                    answer.addParameter().setName("source").setResource((Observation) daos.getResourceDao(Observation.class)
                            .read(new IdType("Observation", id), new SystemRequestDetails()));
                } catch (BaseServerResponseException gone) {
                    // deleted since: its value was counted a moment ago, but it cannot be shown any more
                }
            }
        }
        return answer;
    }

    private static Observation statisticsObservation(String patient, List<ReadingStore.Value> values, List<Statistic> wanted,
            Instant[] window) {
        ReadingStore.Value first = values.get(0);
        Observation observation = new Observation();
        observation.setStatus(ObservationStatus.FINAL);
        observation.setCode(new CodeableConcept(new Coding(first.codeSystem().isEmpty() ? null : first.codeSystem(),
                first.code(), null)));
        observation.setSubject(new Reference("Patient/" + patient));
        Instant start = window[0].equals(Instant.EPOCH) ? first.effectiveAt() : window[0];
        observation.setEffective(new Period().setStart(Date.from(start)).setEnd(Date.from(window[1])));
        List<BigDecimal> numbers = values.stream().map(ReadingStore.Value::value).toList();
        for (Statistic statistic : wanted) {
            Optional<BigDecimal> result = statistic.of(numbers);
            Observation.ObservationComponentComponent component = observation.addComponent()
                    .setCode(new CodeableConcept(new Coding(Statistic.SYSTEM, statistic.code, statistic.display)));
            if (result.isEmpty()) {
                component.getDataAbsentReason().addCoding(new Coding(
                        "http://terminology.hl7.org/CodeSystem/data-absent-reason", "not-applicable", "Not Applicable"));
            } else if (statistic == Statistic.COUNT) {
                component.setValue(new Quantity().setValue(result.get()).setSystem("http://unitsofmeasure.org").setCode("1")
                        .setUnit("1"));
            } else {
                component.setValue(new Quantity().setValue(result.get()).setSystem(first.unitSystem()).setCode(first.unit())
                        .setUnit(first.unit()));
            }
        }
        return observation;
    }

    private static String patientOf(UriType subject) {
        String value = subject == null ? null : subject.getValue();
        if (value == null || value.isBlank()) {
            throw new InvalidRequestException("subject is required: the patient, as Patient/<id>");
        }
        if (!value.contains("Patient/") && value.contains("/")) {
            throw new InvalidRequestException("subject must be a Patient (Patient/<id>), not " + value);
        }
        return PatientIds.of(value);
    }

    private static List<String> tokens(List<StringType> codes, UriType system, List<Coding> codings) {
        List<String> tokens = new ArrayList<>();
        String codeSystem = system == null ? null : system.getValue();
        if (codes != null) {
            for (StringType code : codes) {
                for (String value : code.getValue().split(",")) {
                    tokens.add(ReadingRows.token(codeSystem, value.trim()));
                }
            }
        }
        if (codings != null) {
            codings.forEach(coding -> tokens.add(ReadingRows.token(coding.getSystem(), coding.getCode())));
        }
        if (tokens.isEmpty()) {
            throw new InvalidRequestException("Name the codes to compute statistics for: code (with system) or coding");
        }
        return tokens;
    }

    private static List<Statistic> statistics(List<CodeType> codes) {
        List<Statistic> statistics = new ArrayList<>();
        for (CodeType code : codes) {
            for (String value : code.getValue().split(",")) {
                statistics.add(Statistic.of(value.trim()).orElseThrow(() -> new InvalidRequestException(
                        "Unsupported statistic '" + value + "'; supported: " + java.util.Arrays.stream(Statistic.values())
                                .map(s -> s.code).toList())));
            }
        }
        return statistics;
    }

    /** {start, end}: the duration (hours) back from now, the period, or all time up to now. */
    private Instant[] window(DecimalType duration, Period period) {
        Instant now = clock.instant();
        if (duration != null && period != null) {
            throw new InvalidRequestException("Give duration or period, not both");
        }
        if (duration != null) {
            BigDecimal hours = duration.getValue();
            if (hours == null || hours.signum() <= 0) {
                throw new InvalidRequestException("duration must be a positive number of hours");
            }
            long seconds = hours.multiply(BigDecimal.valueOf(3600)).longValue();
            return new Instant[] {now.minus(Duration.ofSeconds(seconds)), now};
        }
        if (period != null) {
            Instant start = period.getStart() == null ? Instant.EPOCH : period.getStart().toInstant();
            Instant end = period.getEnd() == null ? now : period.getEnd().toInstant();
            if (end.isBefore(start)) {
                throw new InvalidRequestException("period ends before it starts");
            }
            return new Instant[] {start, end};
        }
        return new Instant[] {Instant.EPOCH, now};
    }
}
