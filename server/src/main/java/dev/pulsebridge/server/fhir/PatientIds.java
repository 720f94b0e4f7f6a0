package dev.pulsebridge.server.fhir;

/** A patient as parameters name it: {@code x}, {@code Patient/x} or {@code https://host/fhir/Patient/x}. */
public final class PatientIds {

    private static final String PREFIX = "Patient/";

    private PatientIds() {
    }

    /** The id after the last {@code Patient/}, or the value whole when it has none. */
    public static String of(String reference) {
        int at = reference.lastIndexOf(PREFIX);
        return at >= 0 ? reference.substring(at + PREFIX.length()) : reference;
    }
}
