package dev.pulsebridge.mapping.withings;

import java.math.BigDecimal;

/** One value of a measure group: {@code value × 10^unit} of meastype {@code type}. */
public record Measure(int type, long value, int unit, Integer position) {

    /** The exact decoded value, in Withings' unit for the type (kg, m, mmHg, ...). */
    public BigDecimal decoded() {
        return BigDecimal.valueOf(value).scaleByPowerOfTen(unit);
    }
}
