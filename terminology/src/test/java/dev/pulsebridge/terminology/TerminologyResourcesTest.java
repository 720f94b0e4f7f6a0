package dev.pulsebridge.terminology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r5.model.CodeSystem;
import org.hl7.fhir.r5.model.ConceptMap;
import org.hl7.fhir.r5.model.ConceptMap.SourceElementComponent;
import org.hl7.fhir.r5.model.Enumerations.CodeSystemContentMode;
import org.hl7.fhir.r5.model.ValueSet;
import org.junit.jupiter.api.Test;

class TerminologyResourcesTest {

    private static Set<String> valueSetCodes(String system) {
        return TerminologyResources.observationCodesValueSet().getCompose().getInclude().stream()
                .filter(include -> include.getSystem().equals(system))
                .flatMap(include -> include.getConcept().stream())
                .map(ValueSet.ConceptReferenceComponent::getCode)
                .collect(Collectors.toSet());
    }

    @Test
    void everyCodeTheMapperCanEmitIsInTheValueSet() {
        Set<String> local = valueSetCodes(Canonicals.WITHINGS_MEASURE);
        Set<String> loinc = valueSetCodes(Canonicals.LOINC);
        for (Metric metric : CodeTable.all()) {
            if (metric.emitted()) {
                assertThat(local).as(metric.code()).contains(metric.code());
                metric.observationLoincCodes().forEach(code -> assertThat(loinc).as(metric.code()).contains(code.code()));
            }
        }
    }

    @Test
    void codeSystemListsEveryRowOfTheTableAndIsComplete() {
        CodeSystem codeSystem = TerminologyResources.withingsMeasureCodeSystem();

        assertThat(codeSystem.getContent()).isEqualTo(CodeSystemContentMode.COMPLETE);
        assertThat(codeSystem.getConcept()).extracting(CodeSystem.ConceptDefinitionComponent::getCode)
                .containsExactlyElementsOf(CodeTable.all().stream().map(Metric::code).toList());
        assertThat(codeSystem.getCount()).isEqualTo(CodeTable.all().size());
    }

    @Test
    void loincFragmentHoldsEachLoincCodeOnceWithTheTablesDisplay() {
        CodeSystem loinc = TerminologyResources.loincFragment();

        assertThat(loinc.getUrl()).isEqualTo("http://loinc.org");
        assertThat(loinc.getContent()).isEqualTo(CodeSystemContentMode.FRAGMENT);
        assertThat(loinc.getConcept()).extracting(CodeSystem.ConceptDefinitionComponent::getCode).doesNotHaveDuplicates().contains("29463-7");
        assertThat(loinc.getConcept()).filteredOn(c -> c.getCode().equals("8462-4"))
                .extracting(CodeSystem.ConceptDefinitionComponent::getDisplay).containsExactly("Diastolic blood pressure");
    }

    @Test
    void conceptMapStatesTheRelationshipOfEveryEmittedCode() {
        ConceptMap map = TerminologyResources.withingsToLoincConceptMap();
        var elements = map.getGroupFirstRep().getElement();

        assertThat(elements).hasSize((int) CodeTable.all().stream().filter(Metric::emitted).count());
        SourceElementComponent spo2 = elements.stream().filter(e -> e.getCode().equals("getmeas:54")).findFirst().orElseThrow();
        assertThat(spo2.getTarget()).extracting(t -> t.getCode() + " " + t.getRelationship().toCode())
                .containsExactly("2708-6 source-is-narrower-than-target", "59408-5 equivalent");
        SourceElementComponent pwv = elements.stream().filter(e -> e.getCode().equals("getmeas:91")).findFirst().orElseThrow();
        assertThat(pwv.getNoMap()).isTrue();
    }

    @Test
    void everyResourceHasAStableIdAndOurCanonicalBase() {
        for (var resource : TerminologyResources.all()) {
            assertThat(resource.getIdPart()).as(resource.getUrl()).isNotBlank();
            if (!resource.getUrl().equals(Canonicals.LOINC)) {
                assertThat(resource.getUrl()).startsWith(Canonicals.BASE + "/");
                assertThat(resource.getVersion()).isEqualTo(Canonicals.TERMINOLOGY_VERSION);
            }
        }
        assertThat(TerminologyResources.all()).extracting(r -> r.getIdPart()).doesNotHaveDuplicates();
    }
}
