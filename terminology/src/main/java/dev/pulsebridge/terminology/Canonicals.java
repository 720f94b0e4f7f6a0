package dev.pulsebridge.terminology;

/** Every canonical URL and identifier system Pulsebridge publishes or uses, under one base. */
public final class Canonicals {

    public static final String BASE = "https://pulsebridge.dev/fhir";

    /** Bumped whenever the code table changes meaning; the server updates its copies in place. */
    public static final String TERMINOLOGY_VERSION = "0.3.0";

    public static final String WITHINGS_MEASURE = BASE + "/CodeSystem/withings-measure";
    public static final String AFIB_RESULT = BASE + "/CodeSystem/withings-afib-result";
    public static final String WORKOUT_CATEGORY = BASE + "/CodeSystem/withings-workout-category";
    public static final String ATTRIBUTION = BASE + "/CodeSystem/withings-attribution";
    public static final String BODY_POSITION = BASE + "/CodeSystem/withings-body-position";
    public static final String SLEEP_STATE = BASE + "/CodeSystem/withings-sleep-state";
    /** The codeMap of sleep stage series: what the codes in their data mean. */
    public static final String SLEEP_STATE_DATA = BASE + "/ConceptMap/withings-sleep-state-data";
    public static final String DATA_FAMILY = BASE + "/CodeSystem/observation-family";
    public static final String MAPPING_FLAG = BASE + "/CodeSystem/mapping-flag";
    public static final String CONNECTION_STATE = BASE + "/CodeSystem/withings-connection-state";
    public static final String CONSENT_CATEGORY = BASE + "/CodeSystem/consent-category";
    public static final String OBSERVATION_CODES_VALUE_SET = BASE + "/ValueSet/withings-observation-codes";
    public static final String WITHINGS_TO_LOINC = BASE + "/ConceptMap/withings-to-loinc";

    /** Prefix of our SubscriptionTopic canonicals; the topic's id follows. */
    public static final String SUBSCRIPTION_TOPIC_BASE = BASE + "/SubscriptionTopic/";
    /** Extension on a Withings connection Consent carrying its {@link #CONNECTION_STATE}. */
    public static final String CONNECTION_STATE_EXTENSION = BASE + "/StructureDefinition/withings-connection-state";

    public static final String OBSERVATION_IDENTIFIER = BASE + "/NamingSystem/withings-observation";
    public static final String DEVICE_IDENTIFIER = BASE + "/NamingSystem/withings-device";
    public static final String ACCOUNT_IDENTIFIER = BASE + "/NamingSystem/withings-user";

    /** {@code meta.source} of everything read from Withings. */
    public static final String WITHINGS_SOURCE = "https://wbsapi.withings.net";

    public static final String LOINC = "http://loinc.org";
    /** ISO/IEEE 11073-10101 nomenclature, for waveforms. */
    public static final String MDC = "urn:iso:std:iso:11073:10101";
    public static final String UCUM = "http://unitsofmeasure.org";
    public static final String OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";
    public static final String VITAL_SIGNS_PROFILE_BASE = "http://hl7.org/fhir/StructureDefinition/";

    private Canonicals() {
    }
}
