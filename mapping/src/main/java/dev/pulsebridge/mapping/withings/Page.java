package dev.pulsebridge.mapping.withings;

import java.util.List;

/**
 * One page of a paged Withings list. Withings omits {@code more}/{@code offset} when nothing follows;
 * they read as "no more" here.
 */
public record Page<T>(List<T> items, boolean more, long offset) {

    public Page {
        items = List.copyOf(items);
    }
}
