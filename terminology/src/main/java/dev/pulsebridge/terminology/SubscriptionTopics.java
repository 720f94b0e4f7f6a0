package dev.pulsebridge.terminology;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.hl7.fhir.r5.model.Enumerations.FHIRTypes;
import org.hl7.fhir.r5.model.SubscriptionTopic;
import org.hl7.fhir.r5.model.SubscriptionTopic.InteractionTrigger;
import org.hl7.fhir.r5.model.SubscriptionTopic.SubscriptionTopicResourceTriggerComponent;

/**
 * The SubscriptionTopics Pulsebridge publishes: one per kind of Withings data, one for every Withings
 * Observation, and one for the state of a patient's Withings link. Each topic's trigger is a search on
 * the categories the mapper writes ({@link Family} codes), so a topic can never drift from the data.
 */
public final class SubscriptionTopics {

    public static final String VITAL_SIGNS = "withings-vital-signs";
    public static final String BODY_COMPOSITION = "withings-body-composition";
    public static final String HEART = "withings-heart";
    public static final String SLEEP = "withings-sleep";
    public static final String ACTIVITY = "withings-activity";
    public static final String ANY_OBSERVATION = "withings-observation";
    public static final String CONNECTION = "withings-connection";

    private SubscriptionTopics() {
    }

    public static String url(String topicId) {
        return Canonicals.SUBSCRIPTION_TOPIC_BASE + topicId;
    }

    public static List<SubscriptionTopic> all() {
        List<SubscriptionTopic> topics = new ArrayList<>();
        topics.add(observationTopic(VITAL_SIGNS, "WithingsVitalSigns", "New or changed Withings vital signs",
                "Blood pressure, heart rate, SpO2, body temperature, respiratory rate, weight, height and BMI read "
                        + "from Withings.", Family.VITAL_SIGNS));
        topics.add(observationTopic(BODY_COMPOSITION, "WithingsBodyComposition", "New or changed Withings body composition",
                "Fat, muscle, bone and water mass and ratios, visceral fat and related scale measurements.",
                Family.BODY_COMPOSITION));
        topics.add(observationTopic(HEART, "WithingsHeart", "New or changed Withings heart recordings",
                "ECG recordings, AFib screening results, pulse wave velocity and vascular age.", Family.CARDIO));
        topics.add(observationTopic(SLEEP, "WithingsSleep", "New or changed Withings sleep summaries",
                "One Observation per sleep measure of a night (durations, wake-ups, sleep score, heart and breathing "
                        + "rates during sleep).", Family.SLEEP));
        topics.add(observationTopic(ACTIVITY, "WithingsActivity", "New or changed Withings activity and workouts",
                "Daily activity totals and workouts.", Family.ACTIVITY, Family.WORKOUT));
        topics.add(observationTopic(ANY_OBSERVATION, "WithingsObservation", "Any new or changed Withings Observation",
                "Every Observation Pulsebridge writes from Withings data, of any kind.", Family.values()));
        topics.add(connectionTopic());
        return topics;
    }

    private static SubscriptionTopic observationTopic(String id, String name, String title, String description,
            Family... families) {
        SubscriptionTopic topic = header(id, name, title, description + " Fires when Pulsebridge creates an Observation or "
                + "changes one (a correction at Withings, or entered-in-error when the reading was deleted there).");
        String categories = Arrays.stream(families)
                .map(family -> Canonicals.DATA_FAMILY + "|" + family.code())
                .collect(Collectors.joining(","));
        trigger(topic, FHIRTypes.OBSERVATION, "Observation?category=" + categories,
                "A Withings Observation of this kind is created or updated");
        filter(topic, FHIRTypes.OBSERVATION, "patient", "http://hl7.org/fhir/SearchParameter/clinical-patient",
                "The patient the Observation is about (Patient/<id>)");
        filter(topic, FHIRTypes.OBSERVATION, "code", "http://hl7.org/fhir/SearchParameter/clinical-code",
                "The Observation's code, e.g. http://loinc.org|85354-9 for blood pressure");
        filter(topic, FHIRTypes.OBSERVATION, "category", "http://hl7.org/fhir/SearchParameter/Observation-category",
                "An Observation category (HL7 observation-category or Pulsebridge's observation family)");
        topic.addNotificationShape().setResource(FHIRTypes.OBSERVATION.toCode());
        return topic;
    }

    /**
     * The link's state lives in a Consent per linked patient: the patient's agreement to share Withings
     * data with this server, {@code active} while data flows and {@code inactive} once the link is
     * disconnected or revoked (the {@link Canonicals#CONNECTION_STATE_EXTENSION} says which).
     */
    private static SubscriptionTopic connectionTopic() {
        SubscriptionTopic topic = header(CONNECTION, "WithingsConnection", "A patient's Withings link changed state",
                "Fires when a patient's Withings account becomes connected, disconnected (Withings refused the grant) "
                        + "or revoked, so a subscriber learns when data starts or stops flowing. The link is a Consent "
                        + "(category " + LocalCodeLists.WITHINGS_DATA_SHARING + "): status active while connected, "
                        + "inactive otherwise, with the state in the withings-connection-state extension. Consent has "
                        + "no code search parameter, so this topic offers status instead of code.");
        trigger(topic, FHIRTypes.CONSENT, "Consent?category=" + Canonicals.CONSENT_CATEGORY + "|"
                + LocalCodeLists.WITHINGS_DATA_SHARING, "A patient's Withings connection Consent is created or updated");
        filter(topic, FHIRTypes.CONSENT, "patient", "http://hl7.org/fhir/SearchParameter/clinical-patient",
                "The patient whose link changed (Patient/<id>)");
        filter(topic, FHIRTypes.CONSENT, "category", "http://hl7.org/fhir/SearchParameter/Consent-category",
                "The Consent's category");
        filter(topic, FHIRTypes.CONSENT, "status", "http://hl7.org/fhir/SearchParameter/Consent-status",
                "active (connected) or inactive (disconnected or revoked)");
        topic.addNotificationShape().setResource(FHIRTypes.CONSENT.toCode());
        return topic;
    }

    private static SubscriptionTopic header(String id, String name, String title, String description) {
        return TerminologyResources.header(new SubscriptionTopic(), id, url(id), name, title, description);
    }

    private static void trigger(SubscriptionTopic topic, FHIRTypes resource, String criteria, String description) {
        SubscriptionTopicResourceTriggerComponent trigger = topic.addResourceTrigger()
                .setDescription(description)
                .setResource(resource.toCode());
        trigger.addSupportedInteraction(InteractionTrigger.CREATE);
        trigger.addSupportedInteraction(InteractionTrigger.UPDATE);
        trigger.getQueryCriteria().setCurrent(criteria);
    }

    private static void filter(SubscriptionTopic topic, FHIRTypes resource, String parameter, String definition,
            String description) {
        topic.addCanFilterBy()
                .setResource(resource.toCode())
                .setFilterParameter(parameter)
                .setFilterDefinition(definition)
                .setDescription(description);
    }
}
