package dev.pulsebridge.server.readings;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import dev.pulsebridge.server.fhir.FhirOperationProvider;
import dev.pulsebridge.server.fhir.PatientIds;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r5.model.Coding;
import org.hl7.fhir.r5.model.DateTimeType;
import org.hl7.fhir.r5.model.IntegerType;
import org.hl7.fhir.r5.model.Parameters;
import org.hl7.fhir.r5.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r5.model.Period;
import org.hl7.fhir.r5.model.Reference;
import org.hl7.fhir.r5.model.StringType;
import org.springframework.stereotype.Component;

/**
 * {@code Observation/$reading-days}: for each patient asked about, on how many calendar days of the last
 * {@code days} (30 by default, today included, in {@code timezone}) any reading was taken, and the same per
 * code with the latest reading's time. Remote-monitoring programmes bill on days with readings (2-15 and
 * 16+ in a 30-day period), and a worklist of hundreds of patients needs it in one call, not one search
 * per patient. Entered-in-error and cancelled readings do not count.
 */
@Component
class ReadingDaysOperation implements FhirOperationProvider {

    static final int MAX_DAYS = 366;
    static final int MAX_PATIENTS = 1000;

    private final ReadingStore store;
    private final Clock clock;
    private final ReadModelSwitch readModel;

    ReadingDaysOperation(ReadingStore store, Clock clock, ReadModelSwitch readModel) {
        this.store = store;
        this.clock = clock;
        this.readModel = readModel;
    }

    @Operation(name = "$reading-days", typeName = "Observation", idempotent = true)
    public Parameters readingDays(
            @OperationParam(name = "patient", min = 1, max = OperationParam.MAX_UNLIMITED) List<StringType> patients,
            @OperationParam(name = "days", max = 1) IntegerType days,
            @OperationParam(name = "timezone", max = 1) StringType timezone) {
        readModel.required("$reading-days");
        List<String> ids = patientIds(patients);
        int span = days == null || days.getValue() == null ? 30 : days.getValue();
        if (span < 1 || span > MAX_DAYS) {
            throw new InvalidRequestException("days must be between 1 and " + MAX_DAYS);
        }
        ZoneId zone = zone(timezone);
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
        Instant from = today.minusDays(span - 1L).atStartOfDay(zone).toInstant();

        Map<String, ParametersParameterComponent> byPatient = new LinkedHashMap<>();
        Parameters answer = new Parameters();
        for (String id : ids) {
            ParametersParameterComponent patient = answer.addParameter().setName("patient");
            patient.addPart().setName("subject").setValue(new Reference("Patient/" + id));
            patient.addPart().setName("period").setValue(new Period().setStart(Date.from(from)).setEnd(Date.from(clock.instant())));
            byPatient.put(id, patient);
        }
        Set<String> counted = new LinkedHashSet<>();
        for (ReadingStore.ReadingDays row : store.readingDays(ids, from, zone)) {
            ParametersParameterComponent patient = byPatient.get(row.patientId());
            if (row.code() == null) {
                patient.addPart().setName("days").setValue(new IntegerType(row.days()));
                patient.addPart().setName("latest").setValue(new DateTimeType(Date.from(row.latest())));
                counted.add(row.patientId());
            } else {
                ParametersParameterComponent metric = patient.addPart().setName("metric");
                metric.addPart().setName("code").setValue(new Coding(row.codeSystem().isEmpty() ? null : row.codeSystem(), row.code(), null));
                metric.addPart().setName("days").setValue(new IntegerType(row.days()));
                metric.addPart().setName("latest").setValue(new DateTimeType(Date.from(row.latest())));
            }
        }
        byPatient.forEach((id, patient) -> {
            if (!counted.contains(id)) {
                patient.addPart().setName("days").setValue(new IntegerType(0));
            }
        });
        return answer;
    }

    private static List<String> patientIds(List<StringType> patients) {
        Set<String> ids = new LinkedHashSet<>();
        for (StringType patient : patients) {
            for (String value : patient.getValue().split(",")) {
                ids.add(PatientIds.of(value.trim()));
            }
        }
        ids.remove("");
        if (ids.isEmpty() || ids.size() > MAX_PATIENTS) {
            throw new InvalidRequestException("patient: between 1 and " + MAX_PATIENTS + " patients (Patient/<id>, comma-separated)");
        }
        return new ArrayList<>(ids);
    }

    private static ZoneId zone(StringType timezone) {
        if (timezone == null || timezone.getValue() == null || timezone.getValue().isBlank()) {
            return ZoneId.of("UTC");
        }
        try {
            return ZoneId.of(timezone.getValue());
        } catch (DateTimeException e) {
            throw new InvalidRequestException("timezone must be an IANA time zone such as Europe/Paris, not '"
                    + timezone.getValue() + "'");
        }
    }
}
