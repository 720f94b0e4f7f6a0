package dev.pulsebridge.terminology;

import static dev.pulsebridge.terminology.Family.ACTIVITY;
import static dev.pulsebridge.terminology.Family.BODY_COMPOSITION;
import static dev.pulsebridge.terminology.Family.CARDIO;
import static dev.pulsebridge.terminology.Family.OTHER;
import static dev.pulsebridge.terminology.Family.SLEEP;
import static dev.pulsebridge.terminology.Family.VITAL_SIGNS;
import static dev.pulsebridge.terminology.Family.WORKOUT;
import static org.hl7.fhir.r5.model.Enumerations.ConceptMapRelationship.EQUIVALENT;
import static org.hl7.fhir.r5.model.Enumerations.ConceptMapRelationship.SOURCEISNARROWERTHANTARGET;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r5.model.Enumerations.ConceptMapRelationship;

/**
 * The single source of truth for what every Withings value means in FHIR. The mapper reads it to
 * build Observations; {@link TerminologyResources} reads it to publish the CodeSystem, LOINC fragment,
 * ValueSet and ConceptMap. LOINC choices and displays follow docs/terminology notes: vital signs from
 * the R5 core, the rest from LOINC-verified peer catalogues; where LOINC has nothing that fits, the
 * value keeps only our local code rather than borrowing a code that means something else.
 */
public final class CodeTable {

    private static final List<Metric> ROWS = new ArrayList<>();
    private static final Map<String, Metric> BY_CODE = new LinkedHashMap<>();
    private static final Map<String, Integer> POSITION = new java.util.HashMap<>();

    /** Blood pressure: one panel for types 9 and 10 together. */
    public static final Metric BLOOD_PRESSURE_PANEL;
    public static final Metric BMI;
    public static final Metric SLEEP_SUMMARY_PANEL;
    public static final Metric WORKOUT_SESSION;
    public static final Metric ECG_AFIB;
    public static final Metric ECG_HEART_RATE;
    /** The signal behind an ECG recording (heart get): one lead, in microvolts. */
    public static final Metric ECG_WAVEFORM;
    /** A night's stages, as a coded series. */
    public static final Metric SLEEP_STAGES;

    static {
        Source g = Source.GETMEAS;
        // Scale and vital signs
        row(g, "1", "Weight").loinc("29463-7", "Body weight").unit(Unit.KG).family(VITAL_SIGNS).profile(VitalSignProfile.BODY_WEIGHT).add();
        row(g, "4", "Height").loinc("8302-2", "Body height").unit(Unit.CM, Conversion.METRES_TO_CM).family(VITAL_SIGNS).profile(VitalSignProfile.BODY_HEIGHT).add();
        row(g, "9", "Diastolic blood pressure").loinc("8462-4", "Diastolic blood pressure").unit(Unit.MM_HG).family(VITAL_SIGNS).add();
        row(g, "10", "Systolic blood pressure").loinc("8480-6", "Systolic blood pressure").unit(Unit.MM_HG).family(VITAL_SIGNS).add();
        BLOOD_PRESSURE_PANEL = row(g, "9+10", "Blood pressure (systolic and diastolic together)")
                .loinc("85354-9", "Blood pressure panel with all children optional").family(VITAL_SIGNS)
                .profile(VitalSignProfile.BLOOD_PRESSURE).kind(ValueKind.PANEL).add();
        row(g, "11", "Heart pulse").loinc("8867-4", "Heart rate").unit(Unit.PER_MINUTE).family(VITAL_SIGNS).profile(VitalSignProfile.HEART_RATE).add();
        row(g, "12", "Temperature").loinc("8310-5", "Body temperature").unit(Unit.CELSIUS).family(VITAL_SIGNS).profile(VitalSignProfile.BODY_TEMPERATURE).add();
        // The oxygensat profile requires 2708-6; pulse oximetry (59408-5) is what the device does.
        row(g, "54", "SpO2").loinc("2708-6", "Oxygen saturation in Arterial blood", SOURCEISNARROWERTHANTARGET)
                .loinc("59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry")
                .unit(Unit.PERCENT).family(VITAL_SIGNS).profile(VitalSignProfile.OXYGEN_SATURATION).add();
        row(g, "71", "Body temperature").loinc("8310-5", "Body temperature").unit(Unit.CELSIUS).family(VITAL_SIGNS).profile(VitalSignProfile.BODY_TEMPERATURE).add();
        // Not a core vital sign; 39106-0 "Temperature of Skin" is a coded exam finding, not a reading.
        row(g, "73", "Skin temperature").loinc("61008-9", "Body surface temperature").unit(Unit.CELSIUS).family(OTHER).add();
        // Body composition
        row(g, "5", "Fat free mass").loinc("91557-9", "Lean body weight").unit(Unit.KG).family(BODY_COMPOSITION).add();
        row(g, "6", "Fat ratio").loinc("41982-0", "Percentage of body fat Measured").unit(Unit.PERCENT).family(BODY_COMPOSITION).add();
        row(g, "8", "Fat mass").loinc("73708-0", "Body fat [Mass] Calculated").unit(Unit.KG).family(BODY_COMPOSITION).add();
        row(g, "76", "Muscle mass").loinc("73964-9", "Body muscle mass Calculated").unit(Unit.KG).family(BODY_COMPOSITION).add();
        row(g, "77", "Hydration (body water mass)").loinc("101683-1", "Body water mass").unit(Unit.KG).family(BODY_COMPOSITION).add();
        row(g, "88", "Bone mass").loinc("101685-6", "Body bone mass").unit(Unit.KG).family(BODY_COMPOSITION).add();
        row(g, "168", "Extracellular water").unit(Unit.KG).family(BODY_COMPOSITION).add();
        row(g, "169", "Intracellular water").unit(Unit.KG).family(BODY_COMPOSITION).add();
        row(g, "170", "Visceral fat index").unit(Unit.INDEX).family(BODY_COMPOSITION).add();
        row(g, "173", "Fat free mass of a body segment").unit(Unit.KG).family(BODY_COMPOSITION).add();
        row(g, "174", "Fat mass of a body segment").unit(Unit.KG).family(BODY_COMPOSITION).add();
        row(g, "175", "Muscle mass of a body segment").unit(Unit.KG).family(BODY_COMPOSITION).add();
        row(g, "226", "Basal metabolic rate").unit(Unit.KCAL_PER_DAY).family(BODY_COMPOSITION).add();
        row(g, "227", "Metabolic age").unit(Unit.YEAR).family(BODY_COMPOSITION).add();
        // Heart and vessels
        row(g, "91", "Pulse wave velocity").unit(Unit.METRE_PER_SECOND).family(CARDIO).add();
        row(g, "155", "Vascular age").unit(Unit.YEAR).family(CARDIO).add();
        row(g, "130", "Atrial fibrillation screening result (ECG)").family(CARDIO).kind(ValueKind.CODED).add();
        row(g, "139", "Atrial fibrillation screening result (PPG)").family(CARDIO).kind(ValueKind.CODED).add();
        row(g, "135", "QRS interval duration").loinc("8633-0", "QRS duration").unit(Unit.MILLISECOND).family(CARDIO).add();
        row(g, "136", "PR interval duration").loinc("8625-6", "P-R Interval").unit(Unit.MILLISECOND).family(CARDIO).add();
        row(g, "137", "QT interval duration").loinc("8634-8", "Q-T interval").unit(Unit.MILLISECOND).family(CARDIO).add();
        row(g, "138", "Corrected QT interval duration").loinc("8636-3", "Q-T interval corrected").unit(Unit.MILLISECOND).family(CARDIO).add();
        // Fitness, feet and skin
        row(g, "123", "VO2 max (device estimate)").unit(Unit.VO2_MAX).family(ACTIVITY).add();
        row(g, "119", "Glucose").unit(Unit.GLUCOSE).family(OTHER).add();
        row(g, "158", "Nerve health score, left foot").unit(Unit.SCORE).family(OTHER).add();
        row(g, "159", "Nerve health score, right foot").unit(Unit.SCORE).family(OTHER).add();
        row(g, "167", "Nerve health score, conductance with 2 electrodes, feet").unit(Unit.SCORE).family(OTHER).add();
        row(g, "196", "Electrodermal activity, feet").unit(Unit.PERCENT).family(OTHER).add();
        row(g, "197", "Electrodermal activity, left foot").unit(Unit.PERCENT).family(OTHER).add();
        row(g, "198", "Electrodermal activity, right foot").unit(Unit.PERCENT).family(OTHER).add();
        row(g, "229", "Electrochemical skin conductance").unit(Unit.RAW).family(OTHER).add();

        BMI = row(Source.DERIVED, "bmi", "Body mass index from Withings weight and height")
                .loinc("39156-5", "Body mass index (BMI) [Ratio]").unit(Unit.BMI).family(VITAL_SIGNS).profile(VitalSignProfile.BMI).add();

        Source s = Source.SLEEP;
        SLEEP_SUMMARY_PANEL = row(s, "summary", "Sleep summary of one night").family(SLEEP).kind(ValueKind.PANEL).add();
        minutes(s, "total_sleep_time", "Total sleep time").loinc("93832-4", "Sleep duration").family(SLEEP).add();
        minutes(s, "deepsleepduration", "Deep sleep duration").loinc("93831-6", "Deep sleep duration").family(SLEEP).add();
        minutes(s, "lightsleepduration", "Light sleep duration").loinc("93830-8", "Light sleep duration").family(SLEEP).add();
        minutes(s, "remsleepduration", "REM sleep duration").loinc("93829-0", "REM sleep duration").family(SLEEP).add();
        minutes(s, "wakeupduration", "Time awake in bed").loinc("93828-2", "Nighttime awakening duration").family(SLEEP).add();
        minutes(s, "asleepduration", "Time asleep (night from an external source)").family(SLEEP).add();
        minutes(s, "total_timeinbed", "Time in bed").family(SLEEP).add();
        row(s, "sleep_efficiency", "Sleep efficiency").unit(Unit.PERCENT, Conversion.RATIO_TO_PERCENT).family(SLEEP).add();
        minutes(s, "sleep_latency", "Sleep latency").family(SLEEP).add();
        minutes(s, "wakeup_latency", "Wake-up latency").family(SLEEP).add();
        minutes(s, "waso", "Wake after sleep onset").family(SLEEP).add();
        row(s, "wakeupcount", "Number of wake-ups").unit(Unit.COUNT).family(SLEEP).add();
        row(s, "nb_rem_episodes", "Number of REM episodes").unit(Unit.COUNT).family(SLEEP).add();
        row(s, "out_of_bed_count", "Number of times out of bed").unit(Unit.COUNT).family(SLEEP).add();
        row(s, "hr_average", "Average heart rate during sleep").unit(Unit.PER_MINUTE).family(SLEEP).add();
        row(s, "hr_min", "Minimum heart rate during sleep").unit(Unit.PER_MINUTE).family(SLEEP).add();
        row(s, "hr_max", "Maximum heart rate during sleep").unit(Unit.PER_MINUTE).family(SLEEP).add();
        row(s, "rr_average", "Average respiratory rate during sleep").loinc("103217-6", "Mean respiratory rate").unit(Unit.PER_MINUTE).family(SLEEP).add();
        row(s, "rr_min", "Minimum respiratory rate during sleep").unit(Unit.PER_MINUTE).family(SLEEP).add();
        row(s, "rr_max", "Maximum respiratory rate during sleep").unit(Unit.PER_MINUTE).family(SLEEP).add();
        row(s, "breathing_disturbances_intensity", "Breathing disturbances intensity").unit(Unit.INDEX).family(SLEEP).add();
        row(s, "breathing_quality_assessment", "Breathing quality assessment").unit(Unit.INDEX).family(SLEEP).add();
        row(s, "apnea_hypopnea_index", "Apnea-hypopnea index (Withings)").unit(Unit.PER_HOUR).family(SLEEP).add();
        row(s, "withings_index", "Breathing events per hour (Withings Sleep Rx index)").unit(Unit.PER_HOUR).family(SLEEP).add();
        minutes(s, "snoring", "Snoring duration").family(SLEEP).add();
        row(s, "snoringepisodecount", "Number of snoring episodes").unit(Unit.COUNT).family(SLEEP).add();
        row(s, "sleep_score", "Sleep score").unit(Unit.SCORE).family(SLEEP).add();
        row(s, "mvt_score_avg", "Average movement score").unit(Unit.SCORE).family(SLEEP).add();
        minutes(s, "mvt_active_duration", "Movement duration").family(SLEEP).add();
        row(s, "rmssd_start_avg", "Heart rate variability (RMSSD), start of night").unit(Unit.MILLISECOND).family(SLEEP).add();
        row(s, "rmssd_end_avg", "Heart rate variability (RMSSD), end of night").unit(Unit.MILLISECOND).family(SLEEP).add();
        row(s, "chest_movement_rate_wellness_average", "Average chest movement rate (wellness)").unit(Unit.PER_MINUTE).family(SLEEP).add();
        row(s, "chest_movement_rate_wellness_min", "Minimum chest movement rate (wellness)").unit(Unit.PER_MINUTE).family(SLEEP).add();
        row(s, "chest_movement_rate_wellness_max", "Maximum chest movement rate (wellness)").unit(Unit.PER_MINUTE).family(SLEEP).add();
        row(s, "chest_movement_rate_average", "Average chest movement rate").unit(Unit.PER_MINUTE).family(SLEEP).add();
        row(s, "chest_movement_rate_min", "Minimum chest movement rate").unit(Unit.PER_MINUTE).family(SLEEP).add();
        row(s, "chest_movement_rate_max", "Maximum chest movement rate").unit(Unit.PER_MINUTE).family(SLEEP).add();
        minutes(s, "breathing_sounds", "Breathing sounds duration").family(SLEEP).add();
        row(s, "breathing_sounds_episode_count", "Number of breathing sound episodes").unit(Unit.COUNT).family(SLEEP).add();
        row(s, "core_body_temperature_min", "Minimum core body temperature during sleep").unit(Unit.CELSIUS).family(SLEEP).add();
        row(s, "core_body_temperature_max", "Maximum core body temperature during sleep").unit(Unit.CELSIUS).family(SLEEP).add();
        row(s, "core_body_temperature_avg", "Average core body temperature during sleep").unit(Unit.CELSIUS).family(SLEEP).add();
        row(s, "core_body_temperature_status", "Core body temperature status during sleep").family(SLEEP).kind(ValueKind.TEXT).add();
        row(s, "durationtosleep", "Time to fall asleep (deprecated)").family(SLEEP)
                .ignored("deprecated by Withings; carries the same value as sleep_latency").add();
        row(s, "durationtowakeup", "Time to get up (deprecated)").family(SLEEP)
                .ignored("deprecated by Withings; carries the same value as wakeup_latency").add();
        row(s, "night_events", "Night events (got in bed, fell asleep, woke up, got up)").family(SLEEP)
                .ignored("offsets of events within the night, not a measurement; the night's period comes from startdate/enddate").add();

        // A night's high-frequency data (sleep get): the stages, and one series per sampled field
        Source ss = Source.SLEEP_SERIES;
        SLEEP_STAGES = row(ss, "state", "Sleep stages through the night").unit(Unit.CODE).family(SLEEP)
                .kind(ValueKind.CODED_SAMPLED).add();
        series(ss, "hr", "Heart rate during sleep, minute by minute").loinc("8867-4", "Heart rate").unit(Unit.PER_MINUTE).family(SLEEP).add();
        series(ss, "rr", "Respiratory rate during sleep, minute by minute").loinc("9279-1", "Respiratory rate").unit(Unit.PER_MINUTE).family(SLEEP).add();
        series(ss, "sdnn_1", "Heart rate variability (SDNN) during sleep, minute by minute")
                .loinc("112429-6", "Heart rate variability SDNN [Time]").unit(Unit.MILLISECOND).family(SLEEP).add();
        series(ss, "rmssd", "Heart rate variability (RMSSD) during sleep, minute by minute").unit(Unit.MILLISECOND).family(SLEEP).add();
        // Withings documents neither the scale nor the unit of these per-minute values: kept as sent
        series(ss, "snoring", "Snoring during sleep, minute by minute").unit(Unit.RAW).family(SLEEP).add();
        series(ss, "hrv_quality", "Quality of the heart rate variability signal, minute by minute").unit(Unit.RAW).family(SLEEP).add();
        series(ss, "mvt_score", "Movement score during sleep, minute by minute").unit(Unit.RAW).family(SLEEP).add();
        series(ss, "chest_movement_rate", "Chest movement rate during sleep, minute by minute").unit(Unit.PER_MINUTE).family(SLEEP).add();
        series(ss, "withings_index", "Breathing events (Withings index) during sleep, minute by minute").unit(Unit.RAW).family(SLEEP).add();
        series(ss, "breathing_sounds", "Breathing sounds during sleep, minute by minute").unit(Unit.RAW).family(SLEEP).add();

        Source a = Source.ACTIVITY;
        row(a, "steps", "Steps").loinc("41950-7", "Number of steps in 24 hour Measured").unit(Unit.STEPS_PER_DAY).family(ACTIVITY).zeroAbsent().add();
        row(a, "distance", "Distance").loinc("103208-5", "Distance traveled").unit(Unit.METRE).family(ACTIVITY).zeroAbsent().add();
        row(a, "elevation", "Floors climbed").loinc("100304-5", "Flights climbed [#] Reporting Period").unit(Unit.FLIGHTS).family(ACTIVITY).zeroAbsent().add();
        minutes(a, "soft", "Light activity duration").family(ACTIVITY).zeroAbsent().add();
        minutes(a, "moderate", "Moderate activity duration").family(ACTIVITY).zeroAbsent().add();
        minutes(a, "intense", "Intense activity duration").family(ACTIVITY).zeroAbsent().add();
        minutes(a, "active", "Active duration (moderate and intense)").family(ACTIVITY).zeroAbsent().add();
        row(a, "calories", "Active calories").loinc("41979-6", "Calories burned in 24 hour Calculated").unit(Unit.KCAL).family(ACTIVITY).zeroAbsent().add();
        row(a, "totalcalories", "Total calories (active and resting)").unit(Unit.KCAL).family(ACTIVITY).zeroAbsent().add();
        row(a, "hr_average", "Average heart rate of the day").unit(Unit.PER_MINUTE).family(ACTIVITY).zeroAbsent().add();
        row(a, "hr_min", "Minimum heart rate of the day").unit(Unit.PER_MINUTE).family(ACTIVITY).zeroAbsent().add();
        row(a, "hr_max", "Maximum heart rate of the day").loinc("8873-2", "Heart rate 24 hour maximum").unit(Unit.PER_MINUTE).family(ACTIVITY).zeroAbsent().add();
        heartRateZones(a, ACTIVITY);

        // A day's activity slice by slice (getintradayactivity): one series per field per local day
        Source i = Source.INTRADAY;
        series(i, "steps", "Steps, slice by slice through the day").loinc("55423-8", "Number of steps in unspecified time Pedometer")
                .unit(Unit.STEPS).family(ACTIVITY).add();
        series(i, "heart_rate", "Heart rate through the day").loinc("8867-4", "Heart rate").unit(Unit.PER_MINUTE).family(ACTIVITY).add();
        series(i, "spo2_auto", "SpO2 measured automatically through the day")
                .loinc("59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry").unit(Unit.PERCENT).family(ACTIVITY).add();
        series(i, "distance", "Distance, slice by slice through the day").loinc("103208-5", "Distance traveled").unit(Unit.METRE).family(ACTIVITY).add();
        series(i, "elevation", "Floors climbed, slice by slice through the day").unit(Unit.FLIGHTS).family(ACTIVITY).add();
        series(i, "calories", "Active calories, slice by slice through the day").unit(Unit.KCAL).family(ACTIVITY).add();
        series(i, "stroke", "Swim strokes, slice by slice").unit(Unit.COUNT).family(ACTIVITY).add();
        series(i, "pool_lap", "Pool laps, slice by slice").unit(Unit.COUNT).family(ACTIVITY).add();
        series(i, "rr", "Respiratory rate through the day").loinc("9279-1", "Respiratory rate").unit(Unit.PER_MINUTE).family(ACTIVITY).add();
        series(i, "sdnn1", "Heart rate variability (SDNN) through the day").loinc("112429-6", "Heart rate variability SDNN [Time]")
                .unit(Unit.MILLISECOND).family(ACTIVITY).add();
        series(i, "rmssd", "Heart rate variability (RMSSD) through the day").unit(Unit.MILLISECOND).family(ACTIVITY).add();
        series(i, "hrv_quality", "Quality of the heart rate variability signal through the day").unit(Unit.RAW).family(ACTIVITY).add();
        series(i, "core_body_temperature", "Core body temperature through the day").unit(Unit.CELSIUS).family(ACTIVITY).add();
        series(i, "chest_movement_rate", "Chest movement rate through the day").unit(Unit.PER_MINUTE).family(ACTIVITY).add();
        row(i, "duration", "Length of an intraday slice").family(ACTIVITY)
                .ignored("the length of each slice, not a measurement; the series' offsets place each slice").add();

        Source w = Source.WORKOUT;
        WORKOUT_SESSION = row(w, "session", "Workout").loinc("73985-4", "Exercise activity").family(WORKOUT).kind(ValueKind.CODED).add();
        row(w, "calories", "Active calories during the workout").unit(Unit.KCAL).family(WORKOUT).zeroAbsent().add();
        row(w, "intensity", "Workout intensity").unit(Unit.SCORE).family(WORKOUT).zeroAbsent().add();
        row(w, "manual_intensity", "Workout intensity entered by the user").unit(Unit.SCORE).family(WORKOUT).zeroAbsent().add();
        row(w, "manual_distance", "Workout distance entered by the user").unit(Unit.METRE).family(WORKOUT).zeroAbsent().add();
        row(w, "manual_calories", "Workout calories entered by the user").unit(Unit.KCAL).family(WORKOUT).zeroAbsent().add();
        row(w, "hr_average", "Average heart rate during the workout").unit(Unit.PER_MINUTE).family(WORKOUT).zeroAbsent().add();
        row(w, "hr_min", "Minimum heart rate during the workout").unit(Unit.PER_MINUTE).family(WORKOUT).zeroAbsent().add();
        row(w, "hr_max", "Maximum heart rate during the workout").unit(Unit.PER_MINUTE).family(WORKOUT).zeroAbsent().add();
        heartRateZones(w, WORKOUT);
        minutes(w, "pause_duration", "Pause duration").family(WORKOUT).zeroAbsent().add();
        minutes(w, "algo_pause_duration", "Pause duration detected by the device").family(WORKOUT).zeroAbsent().add();
        row(w, "spo2_average", "Average SpO2 during the workout").unit(Unit.PERCENT).family(WORKOUT).zeroAbsent().add();
        row(w, "core_body_temperature_avg", "Average core body temperature during the workout").unit(Unit.CELSIUS).family(WORKOUT).zeroAbsent().add();
        row(w, "core_body_temperature_min", "Minimum core body temperature during the workout").unit(Unit.CELSIUS).family(WORKOUT).zeroAbsent().add();
        row(w, "core_body_temperature_max", "Maximum core body temperature during the workout").unit(Unit.CELSIUS).family(WORKOUT).zeroAbsent().add();
        row(w, "core_body_temperature_status", "Core body temperature status during the workout").family(WORKOUT).kind(ValueKind.TEXT).add();
        row(w, "steps", "Steps during the workout").loinc("55423-8", "Number of steps in unspecified time Pedometer").unit(Unit.STEPS).family(WORKOUT).zeroAbsent().add();
        row(w, "distance", "Distance during the workout").loinc("103208-5", "Distance traveled").unit(Unit.METRE).family(WORKOUT).zeroAbsent().add();
        row(w, "elevation", "Floors climbed during the workout").unit(Unit.FLIGHTS).family(WORKOUT).zeroAbsent().add();
        row(w, "pool_laps", "Pool laps").unit(Unit.COUNT).family(WORKOUT).zeroAbsent().add();
        row(w, "strokes", "Swim strokes").unit(Unit.COUNT).family(WORKOUT).zeroAbsent().add();
        row(w, "pool_length", "Pool length").unit(Unit.METRE).family(WORKOUT).zeroAbsent().add();

        Source h = Source.HEART;
        ECG_AFIB = row(h, "afib", "Atrial fibrillation screening result of an ECG recording").family(CARDIO).kind(ValueKind.CODED).add();
        ECG_HEART_RATE = row(h, "heart_rate", "Heart rate during the ECG recording").loinc("8867-4", "Heart rate").unit(Unit.PER_MINUTE).family(CARDIO).add();
        ECG_WAVEFORM = series(h, "signal", "ECG waveform of the recording (lead I, single lead)")
                .mdc("131329", "MDC_ECG_ELEC_POTL_I").unit(Unit.MICROVOLT).family(CARDIO).add();
        row(h, "bloodpressure", "Blood pressure taken with the ECG (BPM Core)").family(CARDIO)
                .ignored("the same reading arrives through getmeas types 9 and 10 and is mapped there").add();
    }

    private CodeTable() {
    }

    public static List<Metric> all() {
        return Collections.unmodifiableList(ROWS);
    }

    /**
     * The optional fields to ask a Withings API for ({@code data_fields}), comma-separated: every field the
     * table maps, so a metric added here is also fetched. A coded series (a night's stages) is in every
     * answer, not a field to ask for.
     */
    public static String requestFields(Source source) {
        return ROWS.stream()
                .filter(metric -> metric.source() == source)
                .filter(metric -> metric.kind() != ValueKind.PANEL && metric.kind() != ValueKind.NOT_EMITTED
                        && metric.kind() != ValueKind.CODED_SAMPLED)
                .map(Metric::key)
                .distinct()
                .collect(java.util.stream.Collectors.joining(","));
    }

    /** A row's place in the table (unknown rows sort last), so output follows the table's order. */
    public static int position(Metric metric) {
        Integer position = POSITION.get(metric.code());
        return metric.unmapped() || position == null ? Integer.MAX_VALUE : position;
    }

    public static Optional<Metric> byCode(String code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }

    public static Optional<Metric> find(Source source, String key) {
        return byCode(source.code(key));
    }

    /** The row for a value, or a flagged local row for one the table does not know. */
    public static Metric lookup(Source source, String key) {
        return find(source, key).orElseGet(() -> unknown(source, key));
    }

    public static Metric measureType(int type) {
        return lookup(Source.GETMEAS, Integer.toString(type));
    }

    /** Unknown values keep their raw number, under our code system, flagged for the unmapped report. */
    public static Metric unknown(Source source, String key) {
        return new Metric(source, key, "Withings " + source.prefix() + " value '" + key + "' (not in Pulsebridge's code table)",
                List.of(), Unit.RAW, Conversion.NONE, Family.OTHER, null, ValueKind.QUANTITY, false, null, true, List.of());
    }

    private static void heartRateZones(Source source, Family family) {
        String[] names = {"light", "moderate", "intense", "maximal"};
        for (int zone = 0; zone < names.length; zone++) {
            minutes(source, "hr_zone_" + zone, "Time in the " + names[zone] + " heart-rate zone").family(family).zeroAbsent().add();
        }
    }

    private static Row series(Source source, String key, String display) {
        return row(source, key, display).kind(ValueKind.SAMPLED);
    }

    private static Row minutes(Source source, String key, String display) {
        return row(source, key, display).unit(Unit.MINUTE, Conversion.SECONDS_TO_MINUTES);
    }

    private static Row row(Source source, String key, String display) {
        return new Row(source, key, display);
    }

    private static final class Row {
        private final Source source;
        private final String key;
        private final String display;
        private final List<LoincMapping> loinc = new ArrayList<>();
        private final List<MdcCode> mdc = new ArrayList<>();
        private Unit unit;
        private Conversion conversion = Conversion.NONE;
        private Family family;
        private VitalSignProfile profile;
        private ValueKind kind = ValueKind.QUANTITY;
        private boolean zeroMeansAbsent;
        private String ignoredBecause;

        Row(Source source, String key, String display) {
            this.source = source;
            this.key = key;
            this.display = display;
        }

        Row loinc(String code, String loincDisplay) {
            return loinc(code, loincDisplay, EQUIVALENT);
        }

        Row loinc(String code, String loincDisplay, ConceptMapRelationship relationship) {
            loinc.add(new LoincMapping(new LoincCode(code, loincDisplay), relationship));
            return this;
        }

        Row mdc(String code, String referenceId) {
            mdc.add(new MdcCode(code, referenceId));
            return this;
        }

        Row unit(Unit value) {
            this.unit = value;
            return this;
        }

        Row unit(Unit value, Conversion from) {
            this.unit = value;
            this.conversion = from;
            return this;
        }

        Row family(Family value) {
            this.family = value;
            return this;
        }

        Row profile(VitalSignProfile value) {
            this.profile = value;
            return this;
        }

        Row kind(ValueKind value) {
            this.kind = value;
            return this;
        }

        Row zeroAbsent() {
            this.zeroMeansAbsent = true;
            return this;
        }

        Row ignored(String reason) {
            this.kind = ValueKind.NOT_EMITTED;
            this.ignoredBecause = reason;
            return this;
        }

        Metric add() {
            Metric metric = new Metric(source, key, display, loinc, unit, conversion, family, profile, kind,
                    zeroMeansAbsent, ignoredBecause, false, mdc);
            if (BY_CODE.putIfAbsent(metric.code(), metric) != null) {
                throw new IllegalStateException("Code table lists " + metric.code() + " twice");
            }
            POSITION.put(metric.code(), ROWS.size());
            ROWS.add(metric);
            return metric;
        }
    }
}
