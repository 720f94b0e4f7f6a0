package dev.pulsebridge.mapping.withings;

/**
 * The body of {@code requesttoken}. {@code userid} arrives as a number or a string depending on the
 * grant; it is kept as a string. Deliberately has no readable toString: tokens must never reach logs.
 */
public record TokenResponse(String userId, String accessToken, String refreshToken, String scope, long expiresInSeconds,
        String tokenType) {

    @Override
    public String toString() {
        return "TokenResponse[userId=" + userId + ", scope=" + scope + ", expiresIn=" + expiresInSeconds + "s]";
    }
}
