package dev.pulsebridge.mapping.withings;

import java.math.BigDecimal;

/** getgoals: the user's objectives (not measurements); every part may be absent. */
public record Goals(Long steps, Long sleepSeconds, BigDecimal weightKg) {
}
