package dev.pulsebridge.server.terminology;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import dev.pulsebridge.server.support.ServerIntegrationTest;
import dev.pulsebridge.terminology.Canonicals;
import java.util.List;
import org.hl7.fhir.r5.model.BooleanType;
import org.hl7.fhir.r5.model.CodeSystem;
import org.hl7.fhir.r5.model.CodeType;
import org.hl7.fhir.r5.model.Coding;
import org.hl7.fhir.r5.model.Parameters;
import org.hl7.fhir.r5.model.UriType;
import org.hl7.fhir.r5.model.ValueSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class TerminologyIT extends ServerIntegrationTest {

    @Autowired
    private TerminologyPublisher publisher;

    private Parameters operation(String type, String name, Parameters in) {
        return fhirClient().operation().onType(type).named(name).withParameters(in).useHttpGet().execute();
    }

    private static Parameters lookup(String system, String code) {
        Parameters in = new Parameters();
        in.addParameter().setName("system").setValue(new UriType(system));
        in.addParameter().setName("code").setValue(new CodeType(code));
        return in;
    }

    private static List<String> matchedCodes(Parameters out) {
        return out.getParameter().stream().filter(p -> p.getName().equals("match"))
                .flatMap(match -> match.getPart().stream())
                .filter(part -> part.getName().equals("concept"))
                .map(part -> ((Coding) part.getValue()).getCode())
                .toList();
    }

    @Test
    void lookupAnswersForOurWithingsCode() {
        Parameters out = operation("CodeSystem", "$lookup", lookup(Canonicals.WITHINGS_MEASURE, "getmeas:1"));

        assertThat(out.getParameterValue("display").primitiveValue()).isEqualTo("Weight");
    }

    @Test
    void lookupAnswersForAnEmittedLoincCode() {
        Parameters out = operation("CodeSystem", "$lookup", lookup(Canonicals.LOINC, "8462-4"));

        assertThat(out.getParameterValue("display").primitiveValue()).isEqualTo("Diastolic blood pressure");
    }

    @Test
    void validateCodeAcceptsOurCodeAndRejectsAnUnknownOne() {
        Parameters valid = operation("CodeSystem", "$validate-code", new Parameters()
                .addParameter("url", new UriType(Canonicals.WITHINGS_MEASURE)).addParameter("code", new CodeType("sleep:waso")));
        Parameters invalid = operation("CodeSystem", "$validate-code", new Parameters()
                .addParameter("url", new UriType(Canonicals.WITHINGS_MEASURE)).addParameter("code", new CodeType("getmeas:424242")));

        assertThat(((BooleanType) valid.getParameterValue("result")).booleanValue()).isTrue();
        assertThat(((BooleanType) invalid.getParameterValue("result")).booleanValue()).isFalse();
    }

    @Test
    void expandListsOurCodesAndTheLoincCodesWeEmit() {
        ValueSet expansion = fhirClient().operation().onType("ValueSet").named("$expand")
                .withParameter(Parameters.class, "url", new UriType(Canonicals.OBSERVATION_CODES_VALUE_SET))
                .useHttpGet().returnResourceType(ValueSet.class).execute();

        List<String> codes = expansion.getExpansion().getContains().stream()
                .map(c -> c.getSystem() + "|" + c.getCode()).toList();
        assertThat(codes).contains(Canonicals.WITHINGS_MEASURE + "|getmeas:1", "http://loinc.org|29463-7",
                Canonicals.WITHINGS_MEASURE + "|sleep:total_sleep_time", "http://loinc.org|93832-4");
        assertThat(codes).doesNotContain(Canonicals.WITHINGS_MEASURE + "|sleep:night_events");
    }

    @Test
    void expandFiltersAndPages() {
        Parameters in = new Parameters()
                .addParameter("url", new UriType(Canonicals.OBSERVATION_CODES_VALUE_SET))
                .addParameter("filter", new org.hl7.fhir.r5.model.StringType("sleep duration"))
                .addParameter("count", new org.hl7.fhir.r5.model.IntegerType(1));
        ValueSet expansion = fhirClient().operation().onType("ValueSet").named("$expand").withParameters(in)
                .returnResourceType(ValueSet.class).execute();

        assertThat(expansion.getExpansion().getTotal()).isGreaterThan(1);
        assertThat(expansion.getExpansion().getContains()).hasSize(1);
        assertThat(expansion.getExpansion().getContainsFirstRep().getDisplay()).containsIgnoringCase("sleep duration");
    }

    @Test
    void translateAcceptsHapisR4ParameterNames() {
        Parameters out = operation("ConceptMap", "$translate", new Parameters()
                .addParameter("url", new UriType(Canonicals.WITHINGS_TO_LOINC))
                .addParameter("system", new UriType(Canonicals.WITHINGS_MEASURE))
                .addParameter("code", new CodeType("getmeas:1"))
                .addParameter("targetsystem", new UriType(Canonicals.LOINC)));

        assertThat(((BooleanType) out.getParameterValue("result")).booleanValue()).isTrue();
        assertThat(matchedCodes(out)).containsExactly("29463-7");
    }

    @Test
    void translateAcceptsTheR5ParameterNamesOverGet() {
        Parameters out = operation("ConceptMap", "$translate", new Parameters()
                .addParameter("url", new UriType(Canonicals.WITHINGS_TO_LOINC))
                .addParameter("system", new UriType(Canonicals.WITHINGS_MEASURE))
                .addParameter("sourceCode", new CodeType("sleep:deepsleepduration"))
                .addParameter("targetSystem", new UriType(Canonicals.LOINC)));

        assertThat(matchedCodes(out)).containsExactly("93831-6");
    }

    @Test
    void translateAcceptsTheR5ParameterNamesOverPost() {
        Parameters in = new Parameters();
        in.addParameter().setName("url").setValue(new UriType(Canonicals.WITHINGS_TO_LOINC));
        in.addParameter().setName("sourceCoding").setValue(new Coding(Canonicals.WITHINGS_MEASURE, "getmeas:54", null));
        in.addParameter().setName("targetSystem").setValue(new UriType(Canonicals.LOINC));

        Parameters out = fhirClient().operation().onType("ConceptMap").named("$translate").withParameters(in).execute();

        assertThat(matchedCodes(out)).containsExactlyInAnyOrder("2708-6", "59408-5");
    }

    @Test
    void publishingAgainLeavesUnchangedResourcesAtTheirVersion() throws Exception {
        IGenericClient client = fhirClient();
        String before = client.read().resource(CodeSystem.class).withId("withings-measure").execute().getMeta().getVersionId();

        publisher.run(null);

        String after = client.read().resource(CodeSystem.class).withId("withings-measure").execute().getMeta().getVersionId();
        assertThat(after).isEqualTo(before);
    }

    @Test
    void publishingRestoresAResourceSomeoneChanged() throws Exception {
        IGenericClient client = fhirClient();
        CodeSystem changed = client.read().resource(CodeSystem.class).withId("withings-afib-result").execute();
        changed.setTitle("edited by hand");
        client.update().resource(changed).execute();

        publisher.run(null);

        CodeSystem restored = client.read().resource(CodeSystem.class).withId("withings-afib-result").execute();
        assertThat(restored.getTitle()).isEqualTo("Withings atrial fibrillation screening result");
        assertThat(Integer.parseInt(restored.getMeta().getVersionId())).isGreaterThan(Integer.parseInt(changed.getMeta().getVersionId()));
    }
}
