package dev.pulsebridge.terminology;

/** Codes of {@link Canonicals#MAPPING_FLAG}. */
public final class MappingFlags {

    public static final String UNMAPPED = "unmapped";

    private MappingFlags() {
    }
}
