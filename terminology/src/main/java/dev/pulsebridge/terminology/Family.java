package dev.pulsebridge.terminology;

/**
 * Our grouping of Observations, carried as a second category coding so subscriptions and EHRs can
 * filter Withings data by kind; each family also names the HL7 observation-category it files under.
 * HL7 has no sleep category; like the HL7 PHR IG's peers we file sleep under {@code activity}.
 */
public enum Family {
    VITAL_SIGNS("vital-signs", "Vital signs", "vital-signs"),
    BODY_COMPOSITION("body-composition", "Body composition", "exam"),
    CARDIO("cardio", "Heart and vascular measurements (ECG, AFib screening, vascular age)", "exam"),
    SLEEP("sleep", "Sleep", "activity"),
    ACTIVITY("activity", "Daily activity", "activity"),
    WORKOUT("workout", "Workouts", "activity"),
    OTHER("other", "Other Withings measurements", "exam");

    private final String code;
    private final String display;
    private final String hl7Category;

    Family(String code, String display, String hl7Category) {
        this.code = code;
        this.display = display;
        this.hl7Category = hl7Category;
    }

    public String code() {
        return code;
    }

    public String display() {
        return display;
    }

    /** Code in {@link Canonicals#OBSERVATION_CATEGORY}. */
    public String hl7Category() {
        return hl7Category;
    }

    public static String hl7CategoryDisplay(String code) {
        return switch (code) {
            case "vital-signs" -> "Vital Signs";
            case "exam" -> "Exam";
            case "activity" -> "Activity";
            case "laboratory" -> "Laboratory";
            default -> throw new IllegalArgumentException("No display for category " + code);
        };
    }
}
