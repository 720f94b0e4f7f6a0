package dev.pulsebridge.terminology;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r5.model.CanonicalResource;
import org.hl7.fhir.r5.model.CodeSystem;
import org.hl7.fhir.r5.model.Enumerations.CodeSystemContentMode;
import org.hl7.fhir.r5.model.CodeSystem.ConceptDefinitionComponent;
import org.hl7.fhir.r5.model.CodeSystem.PropertyType;
import org.hl7.fhir.r5.model.CodeType;
import org.hl7.fhir.r5.model.ConceptMap;
import org.hl7.fhir.r5.model.ConceptMap.ConceptMapGroupComponent;
import org.hl7.fhir.r5.model.ConceptMap.SourceElementComponent;
import org.hl7.fhir.r5.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r5.model.StringType;
import org.hl7.fhir.r5.model.ValueSet;
import org.hl7.fhir.r5.model.ValueSet.ConceptSetComponent;

/**
 * Publishes the {@link CodeTable} and {@link LocalCodeLists} as FHIR terminology resources. Nothing
 * here restates a code: every concept, mapping and display comes from those tables.
 */
public final class TerminologyResources {

    /** HAPI finds an unversioned LOINC CodeSystem only under this id. */
    public static final String LOINC_FRAGMENT_ID = "loinc";
    private static final String PUBLISHER = "Pulsebridge";

    private TerminologyResources() {
    }

    /**
     * Every resource the server loads at startup (terminology and subscription topics), each with a fixed
     * id so reloading updates in place.
     */
    public static List<CanonicalResource> all() {
        List<CanonicalResource> resources = new ArrayList<>();
        resources.add(withingsMeasureCodeSystem());
        resources.add(loincFragment());
        LocalCodeLists.all().forEach(list -> resources.add(codeSystem(list)));
        resources.add(observationCodesValueSet());
        resources.add(withingsToLoincConceptMap());
        resources.add(sleepStateDataMap());
        resources.addAll(SubscriptionTopics.all());
        return resources;
    }

    public static CodeSystem withingsMeasureCodeSystem() {
        CodeSystem cs = header(new CodeSystem(), "withings-measure", Canonicals.WITHINGS_MEASURE, "WithingsMeasure",
                "Withings measurements and data fields",
                "Every Withings value Pulsebridge knows: getmeas measure types, sleep summary, activity, workout and "
                        + "ECG fields. Codes are <source>:<Withings name>, e.g. getmeas:1 (weight) or sleep:waso.");
        cs.setContent(CodeSystemContentMode.COMPLETE).setCaseSensitive(true);
        cs.addProperty().setCode("ucum").setType(PropertyType.CODE).setDescription("UCUM unit Pulsebridge emits the value in");
        cs.addProperty().setCode("conversion").setType(PropertyType.STRING).setDescription("How the Withings value is converted to that unit");
        cs.addProperty().setCode("family").setType(PropertyType.CODE).setDescription("Observation family (" + Canonicals.DATA_FAMILY + ")");
        cs.addProperty().setCode("loinc").setType(PropertyType.CODE).setDescription("LOINC code emitted alongside");
        cs.addProperty().setCode("profile").setType(PropertyType.STRING).setDescription("R5 vital-signs profile the Observation claims");
        cs.addProperty().setCode("not-emitted-because").setType(PropertyType.STRING).setDescription("Present when Pulsebridge deliberately makes no Observation from the value, saying why");
        for (Metric metric : CodeTable.all()) {
            ConceptDefinitionComponent concept = cs.addConcept().setCode(metric.code()).setDisplay(metric.display());
            concept.setDefinition(metric.display() + " (" + metric.source().description() + ")");
            if (metric.unit() != null) {
                concept.addProperty().setCode("ucum").setValue(new CodeType(metric.unit().ucum()));
                concept.addProperty().setCode("conversion").setValue(new StringType(metric.conversion().description()));
            }
            concept.addProperty().setCode("family").setValue(new CodeType(metric.family().code()));
            metric.observationLoincCodes().forEach(loinc -> concept.addProperty().setCode("loinc").setValue(new CodeType(loinc.code())));
            metric.vitalSignProfile().ifPresent(p -> concept.addProperty().setCode("profile").setValue(new StringType(p.canonical())));
            if (!metric.emitted()) {
                concept.addProperty().setCode("not-emitted-because").setValue(new StringType(metric.ignoredBecause()));
            }
        }
        cs.setCount(cs.getConcept().size());
        return cs;
    }

    /** The LOINC codes we emit, so $lookup and $validate-code answer for them without a LOINC licence load. */
    public static CodeSystem loincFragment() {
        CodeSystem cs = new CodeSystem();
        cs.setId(LOINC_FRAGMENT_ID);
        cs.setUrl(Canonicals.LOINC).setName("LOINC").setTitle("LOINC (the codes Pulsebridge emits)")
                .setStatus(PublicationStatus.ACTIVE).setPublisher("Regenstrief Institute, Inc.")
                .setDescription("Fragment of LOINC listing only the codes Pulsebridge puts on Observations.")
                .setCopyright("This material contains content from LOINC (http://loinc.org). LOINC is copyright "
                        + "Regenstrief Institute, Inc. and the LOINC Committee and is available at no cost under the "
                        + "license at http://loinc.org/license.");
        cs.setContent(CodeSystemContentMode.FRAGMENT).setCaseSensitive(true);
        loincCodes().forEach((code, display) -> cs.addConcept().setCode(code).setDisplay(display));
        cs.setCount(cs.getConcept().size());
        return cs;
    }

    public static CodeSystem codeSystem(CodeList list) {
        CodeSystem cs = header(new CodeSystem(), list.id(), list.url(), list.name(), list.title(), list.description());
        cs.setContent(list.complete() ? CodeSystemContentMode.COMPLETE : CodeSystemContentMode.FRAGMENT).setCaseSensitive(true);
        list.concepts().forEach((code, display) -> cs.addConcept().setCode(code).setDisplay(display));
        cs.setCount(cs.getConcept().size());
        return cs;
    }

    /** Every code Pulsebridge puts in {@code Observation.code} or {@code component.code}. */
    public static ValueSet observationCodesValueSet() {
        ValueSet vs = header(new ValueSet(), "withings-observation-codes", Canonicals.OBSERVATION_CODES_VALUE_SET,
                "WithingsObservationCodes", "Observation codes Pulsebridge emits for Withings data",
                "Our local Withings codes and the LOINC (and, for waveforms, MDC) codes emitted with them.");
        ConceptSetComponent local = vs.getCompose().addInclude().setSystem(Canonicals.WITHINGS_MEASURE);
        CodeTable.all().stream().filter(Metric::emitted)
                .forEach(metric -> local.addConcept().setCode(metric.code()).setDisplay(metric.display()));
        ConceptSetComponent loinc = vs.getCompose().addInclude().setSystem(Canonicals.LOINC);
        loincCodes().forEach((code, display) -> loinc.addConcept().setCode(code).setDisplay(display));
        ConceptSetComponent mdc = vs.getCompose().addInclude().setSystem(Canonicals.MDC);
        CodeTable.all().stream().flatMap(metric -> metric.mdc().stream()).distinct()
                .forEach(code -> mdc.addConcept().setCode(code.code()).setDisplay(code.display()));
        return vs;
    }

    public static ConceptMap withingsToLoincConceptMap() {
        ConceptMap map = header(new ConceptMap(), "withings-to-loinc", Canonicals.WITHINGS_TO_LOINC, "WithingsToLoinc",
                "Withings values to LOINC", "How each Withings value relates to LOINC; values LOINC has no fitting "
                        + "code for are listed with noMap.");
        map.setSourceScope(new org.hl7.fhir.r5.model.UriType(Canonicals.OBSERVATION_CODES_VALUE_SET));
        ConceptMapGroupComponent group = map.addGroup().setSource(Canonicals.WITHINGS_MEASURE).setTarget(Canonicals.LOINC);
        for (Metric metric : CodeTable.all().stream().filter(Metric::emitted).toList()) {
            SourceElementComponent element = group.addElement().setCode(metric.code()).setDisplay(metric.display());
            if (metric.loinc().isEmpty()) {
                element.setNoMap(true);
            }
            metric.loinc().forEach(mapping -> element.addTarget().setCode(mapping.loinc().code())
                    .setDisplay(mapping.loinc().display()).setRelationship(mapping.relationship()));
        }
        return map;
    }

    /**
     * The {@code codeMap} of sleep stage series: each code that can stand in their data, as the concept of
     * the sleep stage code system it is, so a reader of the series needs nothing but this map.
     */
    public static ConceptMap sleepStateDataMap() {
        CodeList states = LocalCodeLists.SLEEP_STATE;
        ConceptMap map = header(new ConceptMap(), "withings-sleep-state-data", Canonicals.SLEEP_STATE_DATA,
                "WithingsSleepStateData", "Codes in the data of a sleep stage series",
                "The data of a sleep stage series (SampledData) are codes of " + states.url() + "; this map names "
                        + "the concept each one is.");
        ConceptMapGroupComponent group = map.addGroup().setSource(states.url()).setTarget(states.url());
        states.concepts().forEach((code, display) -> group.addElement().setCode(code).setDisplay(display).addTarget()
                .setCode(code).setDisplay(display).setRelationship(org.hl7.fhir.r5.model.Enumerations.ConceptMapRelationship.EQUIVALENT));
        return map;
    }

    /** Distinct LOINC codes of the table, in table order. */
    static Map<String, String> loincCodes() {
        Map<String, String> codes = new LinkedHashMap<>();
        for (Metric metric : CodeTable.all()) {
            metric.loinc().forEach(mapping -> {
                String previous = codes.putIfAbsent(mapping.loinc().code(), mapping.loinc().display());
                if (previous != null && !previous.equals(mapping.loinc().display())) {
                    throw new IllegalStateException("LOINC " + mapping.loinc().code() + " has two displays in the code table");
                }
            });
        }
        return codes;
    }

    static <T extends CanonicalResource> T header(T resource, String id, String url, String name, String title,
            String description) {
        resource.setId(id);
        resource.setUrl(url);
        resource.setVersion(Canonicals.TERMINOLOGY_VERSION);
        resource.setName(name);
        resource.setTitle(title);
        resource.setStatus(PublicationStatus.ACTIVE);
        resource.setExperimental(false);
        resource.setPublisher(PUBLISHER);
        resource.setDescription(description);
        return resource;
    }
}
