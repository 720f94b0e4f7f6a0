package dev.pulsebridge.terminology;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Our small classification code systems, each the one place its codes are written down. */
public final class LocalCodeLists {

    /** Withings getmeas type 130/139 values and heart-list {@code afib} (0-2 share the meaning). */
    public static final CodeList AFIB_RESULT = new CodeList("withings-afib-result", Canonicals.AFIB_RESULT,
            "WithingsAfibResult", "Withings atrial fibrillation screening result",
            "Classification a Withings device gives an ECG or PPG recording. A consumer screening result, "
                    + "not a diagnosis of atrial fibrillation.",
            true, CodeList.numbered(List.of(
                    0, "Negative", 1, "Positive", 2, "Inconclusive", 3, "No signal", 4, "Other", 5, "Noise",
                    6, "Low heart rate", 7, "High heart rate", 8, "Inconclusive (US)", 9, "Negative, normal heart rate",
                    10, "Negative, high heart rate", 11, "Positive, normal heart rate", 12, "Positive, high heart rate",
                    13, "No diagnosis")));

    public static final CodeList WORKOUT_CATEGORY = new CodeList("withings-workout-category", Canonicals.WORKOUT_CATEGORY,
            "WithingsWorkoutCategory", "Withings workout category",
            "Sport of a Withings workout. Withings documents more categories than listed here; unknown ones keep "
                    + "their number with a generic display.",
            false, CodeList.numbered(List.of(
                    1, "Walk", 2, "Run", 3, "Hiking", 4, "Skating", 5, "BMX", 6, "Bicycling", 7, "Swimming", 8, "Surfing",
                    9, "Kitesurfing", 10, "Windsurfing", 11, "Bodyboard", 12, "Tennis", 13, "Table tennis", 14, "Squash",
                    15, "Badminton", 16, "Lift weights", 17, "Fitness / calisthenics", 18, "Elliptical", 19, "Pilates",
                    20, "Basketball", 21, "Soccer", 22, "Football", 23, "Rugby", 24, "Volleyball", 25, "Water polo",
                    26, "Horse riding", 27, "Golf", 28, "Yoga", 29, "Dancing", 30, "Boxing", 31, "Fencing", 32, "Wrestling",
                    33, "Martial arts", 34, "Skiing", 35, "Snowboarding", 36, "Other", 128, "No activity",
                    187, "Rowing", 188, "Zumba", 191, "Baseball", 192, "Handball", 193, "Hockey", 194, "Ice hockey",
                    195, "Climbing", 196, "Ice skating", 272, "Multi-sport", 306, "Indoor walk", 307, "Indoor running",
                    308, "Indoor cycling", 550, "HIIT", 551, "Meditation")));

    /** Withings {@code attrib}: how a measure group was attributed to the user. */
    public static final CodeList ATTRIBUTION = new CodeList("withings-attribution", Canonicals.ATTRIBUTION,
            "WithingsAttribution", "Withings measurement attribution",
            "How Withings attributed a reading to the user (getmeas and getworkouts attrib).",
            true, CodeList.numbered(List.of(
                    0, "Measured by a device, attributed to this user",
                    1, "Measured by a device, attribution ambiguous (may be another user)",
                    2, "Entered manually by the user",
                    3, "Picked by the user",
                    4, "Entered manually at account creation (may be inaccurate)",
                    5, "Best of several device readings (BPM auto)",
                    7, "Detected activity confirmed by the user",
                    8, "Measured by a device, attributed to this user (variant of 0)",
                    15, "Measured under guided conditions",
                    17, "Measured under guided conditions (variant of 15)")));

    /** Withings {@code position} of a measure (segmental body composition, wrist, feet ...). */
    public static final CodeList BODY_POSITION = new CodeList("withings-body-position", Canonicals.BODY_POSITION,
            "WithingsBodyPosition", "Withings measurement position",
            "Where on the body a Withings measure was taken. Codes 15-31 (stethoscope and cardio-pulmonary areas) "
                    + "are not individually documented.",
            false, CodeList.numbered(List.of(
                    0, "Right wrist", 1, "Left wrist", 2, "Right arm", 3, "Left arm", 4, "Right foot", 5, "Left foot",
                    6, "Between legs", 7, "Whole body", 8, "Left part of body", 9, "Right part of body", 10, "Left leg",
                    11, "Right leg", 12, "Torso", 13, "Left hand", 14, "Right hand")));

    /** Withings sleep {@code get} {@code state}: the stage of each stretch of a night. */
    public static final CodeList SLEEP_STATE = new CodeList("withings-sleep-state", Canonicals.SLEEP_STATE,
            "WithingsSleepState", "Withings sleep stage",
            "Stage Withings assigns to each stretch of a night (sleep get state); the data of Pulsebridge's sleep "
                    + "stage series are these codes.",
            true, CodeList.numbered(List.of(
                    0, "Awake", 1, "Light sleep", 2, "Deep sleep", 3, "REM sleep", 4, "Manual (entered by the user)",
                    5, "Unspecified", 15, "Out of bed")));

    public static final CodeList FAMILY = new CodeList("observation-family", Canonicals.DATA_FAMILY,
            "PulsebridgeObservationFamily", "Pulsebridge observation family",
            "Kind of wearable data an Observation holds; a second category coding next to HL7's.",
            true, familyConcepts());

    public static final CodeList MAPPING_FLAG = new CodeList("mapping-flag", Canonicals.MAPPING_FLAG,
            "PulsebridgeMappingFlag", "Pulsebridge mapping flag",
            "Tags Pulsebridge puts on resources whose mapping needs a person's attention.",
            true, Map.of(MappingFlags.UNMAPPED, "Withings value not in Pulsebridge's code table; raw value and unit kept"));

    /** The state of a patient's Withings link, as its connection Consent carries it. */
    public static final CodeList CONNECTION_STATE = new CodeList("withings-connection-state", Canonicals.CONNECTION_STATE,
            "WithingsConnectionState", "Withings connection state",
            "Whether Pulsebridge can read a patient's Withings data.",
            true, CodeList.numbered(List.of(
                    "connected", "Connected: Pulsebridge holds a working grant and keeps the data in sync",
                    "disconnected", "Disconnected: Withings refused the grant; no data flows until the patient links again",
                    "revoked", "Revoked: the link was ended on purpose; no data flows until the patient links again")));

    public static final String WITHINGS_DATA_SHARING = "withings-data-sharing";

    public static final CodeList CONSENT_CATEGORY = new CodeList("consent-category", Canonicals.CONSENT_CATEGORY,
            "PulsebridgeConsentCategory", "Pulsebridge consent category",
            "Kinds of Consent Pulsebridge records.",
            true, Map.of(WITHINGS_DATA_SHARING, "Sharing of the patient's Withings data with this server"));

    private LocalCodeLists() {
    }

    public static List<CodeList> all() {
        return List.of(AFIB_RESULT, WORKOUT_CATEGORY, ATTRIBUTION, BODY_POSITION, SLEEP_STATE, FAMILY, MAPPING_FLAG,
                CONNECTION_STATE, CONSENT_CATEGORY);
    }

    private static Map<String, String> familyConcepts() {
        Map<String, String> map = new LinkedHashMap<>();
        Arrays.stream(Family.values()).forEach(family -> map.put(family.code(), family.display()));
        return map;
    }
}
