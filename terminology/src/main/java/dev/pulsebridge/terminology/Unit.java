package dev.pulsebridge.terminology;

/** A UCUM unit as emitted in {@code Quantity.code}, with the human-readable {@code Quantity.unit}. */
public record Unit(String ucum, String display) {

    public static final Unit KG = new Unit("kg", "kg");
    public static final Unit CM = new Unit("cm", "cm");
    public static final Unit PERCENT = new Unit("%", "%");
    public static final Unit MM_HG = new Unit("mm[Hg]", "mmHg");
    public static final Unit PER_MINUTE = new Unit("/min", "/min");
    public static final Unit CELSIUS = new Unit("Cel", "Cel");
    public static final Unit METRE_PER_SECOND = new Unit("m/s", "m/s");
    public static final Unit BMI = new Unit("kg/m2", "kg/m2");
    public static final Unit MINUTE = new Unit("min", "min");
    public static final Unit MILLISECOND = new Unit("ms", "ms");
    public static final Unit METRE = new Unit("m", "m");
    public static final Unit KCAL = new Unit("kcal", "kcal");
    public static final Unit KCAL_PER_DAY = new Unit("kcal/d", "kcal/day");
    public static final Unit YEAR = new Unit("a", "years");
    public static final Unit PER_HOUR = new Unit("/h", "/h");
    public static final Unit STEPS_PER_DAY = new Unit("/d", "steps/day");
    public static final Unit STEPS = new Unit("{steps}", "steps");
    public static final Unit FLIGHTS = new Unit("{flights}", "floors");
    public static final Unit COUNT = new Unit("{count}", "count");
    public static final Unit SCORE = new Unit("{score}", "score");
    public static final Unit INDEX = new Unit("{index}", "index");
    public static final Unit VO2_MAX = new Unit("mL/min/kg", "mL/min/kg");
    public static final Unit GLUCOSE = new Unit("mg/dL", "mg/dL");
    public static final Unit MICROVOLT = new Unit("uV", "uV");
    public static final Unit MICROSIEMENS = new Unit("uS", "uS");
    /** A series of codes: its origin is the dimensionless zero. */
    public static final Unit CODE = new Unit("1", "code");
    /** For values whose Withings unit nobody documents: the number as Withings sent it. */
    public static final Unit RAW = new Unit("1", "unit as sent by Withings");
}
