package dev.pulsebridge.terminology;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * From the Withings unit to the UCUM unit we emit: {@code value × multiplier ÷ divisor}. Exact
 * conversions (m→cm, ratio→%) keep every digit; divisions that do not terminate (s→min) round to
 * {@code maxScale} decimals, a rounding far below what the devices resolve.
 */
public record Conversion(BigDecimal multiplier, BigDecimal divisor, int maxScale, String description) {

    public static final Conversion NONE = new Conversion(BigDecimal.ONE, BigDecimal.ONE, Integer.MAX_VALUE, "none");
    public static final Conversion METRES_TO_CM = new Conversion(BigDecimal.valueOf(100), BigDecimal.ONE, Integer.MAX_VALUE, "m → cm (× 100)");
    public static final Conversion RATIO_TO_PERCENT = new Conversion(BigDecimal.valueOf(100), BigDecimal.ONE, Integer.MAX_VALUE, "ratio → % (× 100)");
    public static final Conversion SECONDS_TO_MINUTES = new Conversion(BigDecimal.ONE, BigDecimal.valueOf(60), 2, "s → min (÷ 60, 2 decimals)");

    public BigDecimal apply(BigDecimal withingsValue) {
        BigDecimal scaled = withingsValue.multiply(multiplier);
        if (divisor.compareTo(BigDecimal.ONE) == 0) {
            return scaled.stripTrailingZeros();
        }
        return scaled.divide(divisor, maxScale, RoundingMode.HALF_UP).stripTrailingZeros();
    }
}
