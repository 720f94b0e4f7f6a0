package dev.pulsebridge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class WriteComparisonTest {

    @Test
    void aCopyIsANewResourceOfTheGivenPatientWithUniqueIdentifiersAndNoReferencesOnlyPulsebridgeCouldResolve()
            throws Exception {
        ObjectNode stored = (ObjectNode) Http.JSON.readTree("""
                {"resourceType": "Observation", "id": "wobs-1", "meta": {"versionId": "2"},
                 "identifier": [{"system": "https://pulsebridge.dev/fhir/NamingSystem/withings-observation", "value": "12.getmeas.7.1"}],
                 "status": "final", "code": {"coding": [{"system": "http://loinc.org", "code": "29463-7"}]},
                 "subject": {"reference": "Patient/bench-0"}, "device": {"reference": "Device/wdev-1"},
                 "derivedFrom": [{"reference": "Observation/wobs-0"}], "hasMember": [{"reference": "Observation/wobs-2"}],
                 "performer": [{"reference": "Patient/bench-0"}],
                 "valueQuantity": {"value": 72.4, "unit": "kg", "system": "http://unitsofmeasure.org", "code": "kg"}}""");

        ObjectNode copy = WriteComparison.copy(stored, "searched-patient", "tx");

        assertThat(copy.fieldNames()).toIterable().containsExactly("resourceType", "identifier", "status", "code",
                "subject", "valueQuantity");
        assertThat(copy.path("subject").path("reference").asText()).isEqualTo("Patient/searched-patient");
        assertThat(copy.path("identifier").path(0).path("value").asText()).isEqualTo("tx.12.getmeas.7.1");
        assertThat(copy.path("valueQuantity").path("value").decimalValue()).isEqualByComparingTo("72.4");
        assertThat(stored.path("identifier").path(0).path("value").asText()).as("the original is untouched")
                .isEqualTo("12.getmeas.7.1");
    }

    @Test
    void costsAddUpAndDivideByTheWorkDone() {
        Cost first = new Cost(100, 2.0, 0.5, 0.25);
        Cost both = first.plus(new Cost(300, 2.0, 1.5, 0.75));

        assertThat(both.perSecond()).isEqualTo(100.0);
        assertThat(both.serverCpuMillisPerUnit()).isEqualTo(5.0);
        assertThat(both.postgresCpuMillisPerUnit()).isEqualTo(2.5);
    }
}
