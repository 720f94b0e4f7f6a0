package dev.pulsebridge.terminology;

/** The R5 core vital-signs profiles a Withings reading can honestly claim. */
public enum VitalSignProfile {
    BODY_WEIGHT("bodyweight"),
    BODY_HEIGHT("bodyheight"),
    BMI("bmi"),
    BLOOD_PRESSURE("bp"),
    HEART_RATE("heartrate"),
    OXYGEN_SATURATION("oxygensat"),
    BODY_TEMPERATURE("bodytemp");

    private final String id;

    VitalSignProfile(String id) {
        this.id = id;
    }

    public String canonical() {
        return Canonicals.VITAL_SIGNS_PROFILE_BASE + id;
    }
}
