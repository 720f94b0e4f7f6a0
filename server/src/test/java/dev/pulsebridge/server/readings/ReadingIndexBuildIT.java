package dev.pulsebridge.server.readings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulsebridge.server.support.ServerIntegrationTest;
import java.util.Date;
import org.hl7.fhir.r5.model.CodeableConcept;
import org.hl7.fhir.r5.model.Coding;
import org.hl7.fhir.r5.model.DateTimeType;
import org.hl7.fhir.r5.model.Enumerations.ObservationStatus;
import org.hl7.fhir.r5.model.Observation;
import org.hl7.fhir.r5.model.Patient;
import org.hl7.fhir.r5.model.Quantity;
import org.hl7.fhir.r5.model.Reference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A database whose Observations predate the read model gets it built once, at startup. */
class ReadingIndexBuildIT extends ServerIntegrationTest {

    @Autowired
    ReadingIndexBuild build;

    @Autowired
    JdbcClient jdbc;

    @Test
    void observationsStoredBeforeTheReadModelExistedAreIndexedOnStartup() {
        String patient = unique("predating");
        fhirClient().update().resource(new Patient().setId(patient)).execute();
        Observation weight = new Observation();
        weight.setStatus(ObservationStatus.FINAL);
        weight.setCode(new CodeableConcept(new Coding("http://loinc.org", "29463-7", null)));
        weight.setSubject(new Reference("Patient/" + patient));
        weight.setEffective(new DateTimeType(new Date()));
        weight.setValue(new Quantity().setValue(68.2).setSystem("http://unitsofmeasure.org").setCode("kg"));
        String id = fhirClient().create().resource(weight).execute().getId().getIdPart();
        // as an older version left the database: no rows, never built
        jdbc.sql("delete from reading where patient_id = ?").param(patient).update();
        jdbc.sql("delete from pulsebridge_setting where setting_name = ?").param(ReadingIndexBuild.SETTING).update();

        build.run(null);

        assertThat(jdbc.sql("select observation_id || ':' || value from reading where patient_id = ?").param(patient)
                .query(String.class).list()).containsExactly(id + ":68.2");
    }
}
