package dev.pulsebridge.mapping.fhir;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Resource ids derived from business identifiers, so writing the same reading twice updates one
 * resource instead of creating a duplicate. Hashing keeps Withings ids out of resource ids (they
 * show in URLs and logs) and within FHIR's 64-character limit; 160 bits make collisions a non-issue.
 */
public final class StableIds {

    private StableIds() {
    }

    public static String observation(String identifierValue) {
        return "wobs-" + hash("Observation|" + identifierValue);
    }

    public static String device(String withingsDeviceKey) {
        return "wdev-" + hash("Device|" + withingsDeviceKey);
    }

    public static String deviceAssociation(String patientReference, String withingsDeviceKey) {
        return "wdas-" + hash("DeviceAssociation|" + patientReference + "|" + withingsDeviceKey);
    }

    /** One connection Consent per patient, whichever Withings account the patient links. */
    public static String connectionConsent(String patientId) {
        return "wcon-" + hash("Consent|" + patientId);
    }

    private static String hash(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
