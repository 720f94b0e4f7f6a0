package dev.pulsebridge.mapping.fhir;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import dev.pulsebridge.terminology.Canonicals;
import dev.pulsebridge.terminology.Codings;
import dev.pulsebridge.terminology.LocalCodeLists;
import dev.pulsebridge.terminology.MappingFlags;
import dev.pulsebridge.terminology.Metric;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Date;
import java.util.TimeZone;
import org.hl7.fhir.r5.model.CodeableConcept;
import org.hl7.fhir.r5.model.DateTimeType;
import org.hl7.fhir.r5.model.Enumerations.ObservationStatus;
import org.hl7.fhir.r5.model.Observation;
import org.hl7.fhir.r5.model.Period;
import org.hl7.fhir.r5.model.Quantity;
import org.hl7.fhir.r5.model.Reference;

/** The parts every Observation Pulsebridge writes has in common, built one way. */
final class Observations {

    private Observations() {
    }

    /**
     * An Observation for a table row: stable id and identifier, status final, HL7 and family
     * categories, the row's codings and profile, the patient, Withings as source.
     *
     * @param identifierSuffix what follows the Withings userid in the business identifier
     */
    static Observation create(Metric metric, String identifierSuffix, MappingContext context) {
        String identifierValue = context.withingsUserId() + "." + identifierSuffix;
        Observation observation = new Observation();
        observation.setId(StableIds.observation(identifierValue));
        observation.getMeta().setSource(Canonicals.WITHINGS_SOURCE);
        metric.vitalSignProfile().ifPresent(profile -> observation.getMeta().addProfile(profile.canonical()));
        if (metric.unmapped()) {
            observation.getMeta().addTag(Codings.of(LocalCodeLists.MAPPING_FLAG, MappingFlags.UNMAPPED));
        }
        observation.addIdentifier().setSystem(Canonicals.OBSERVATION_IDENTIFIER).setValue(identifierValue);
        observation.setStatus(ObservationStatus.FINAL);
        observation.addCategory(new CodeableConcept(Codings.hl7Category(metric.family())));
        observation.addCategory(new CodeableConcept(Codings.family(metric.family())));
        observation.setCode(Codings.observationCode(metric));
        observation.setSubject(new Reference(context.patientReference()));
        return observation;
    }

    static Reference reference(Observation observation) {
        return new Reference("Observation/" + observation.getIdElement().getIdPart());
    }

    /** A Withings value (in Withings' unit) as a UCUM quantity in the row's unit. */
    static Quantity quantity(Metric metric, BigDecimal withingsValue) {
        return new Quantity()
                .setValue(metric.toUcum(withingsValue))
                .setUnit(metric.unit().display())
                .setSystem(Canonicals.UCUM)
                .setCode(metric.unit().ucum());
    }

    /** An instant shown with the offset the user's zone had at that moment. */
    static DateTimeType dateTime(Instant instant, ZoneId zone) {
        return new DateTimeType(Date.from(instant), TemporalPrecisionEnum.SECOND, TimeZone.getTimeZone(zone));
    }

    static Period period(Instant start, Instant end, ZoneId zone) {
        return new Period().setStartElement(dateTime(start, zone)).setEndElement(dateTime(end, zone));
    }

    /** A whole local calendar day, first to last second, in the zone the user was in. */
    static Period day(LocalDate date, ZoneId zone) {
        Instant start = date.atStartOfDay(zone).toInstant();
        Instant end = date.plusDays(1).atStartOfDay(zone).toInstant().minusSeconds(1);
        return period(start, end, zone);
    }
}
