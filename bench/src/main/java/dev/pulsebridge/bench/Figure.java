package dev.pulsebridge.bench;

/**
 * One line of the results table.
 *
 * @param baseline the same measure for the alternative in the same run (NaN when there is none)
 * @param target   what we aim for, as text ("≥ 1000"), or empty
 * @param met      whether the target holds; null when there is no target
 */
public record Figure(String scenario, String metric, double value, String unit, double baseline, String target,
        Boolean met) {

    public static Figure of(String scenario, String metric, double value, String unit) {
        return new Figure(scenario, metric, value, unit, Double.NaN, "", null);
    }

    public Figure against(double baselineValue) {
        return new Figure(scenario, metric, value, unit, baselineValue, target, met);
    }

    public Figure atLeast(double goal) {
        return new Figure(scenario, metric, value, unit, baseline, "≥ " + Table.number(goal), value >= goal);
    }

    public Figure atMost(double goal) {
        return new Figure(scenario, metric, value, unit, baseline, "≤ " + Table.number(goal), value <= goal);
    }

    /** value / baseline, NaN without a baseline */
    public double ratio() {
        return Double.isNaN(baseline) || baseline == 0 ? Double.NaN : value / baseline;
    }
}
