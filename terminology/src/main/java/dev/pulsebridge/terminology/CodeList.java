package dev.pulsebridge.terminology;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A small local code system (AFib results, workout categories, ...): the concepts the mapper codes
 * values with, published as a CodeSystem from this same list.
 *
 * @param complete whether the list holds every code Withings documents ({@code content=complete}) or
 *     only those we know of ({@code content=fragment})
 */
public record CodeList(String id, String url, String name, String title, String description, boolean complete,
        Map<String, String> concepts) {

    public CodeList {
        concepts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(concepts));
    }

    public Optional<String> display(String code) {
        return Optional.ofNullable(concepts.get(code));
    }

    public boolean contains(String code) {
        return concepts.containsKey(code);
    }

    /** Codes (numbers or strings) and displays, alternating, in the order given. */
    static Map<String, String> numbered(List<Object> codeThenDisplay) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < codeThenDisplay.size(); i += 2) {
            map.put(String.valueOf(codeThenDisplay.get(i)), (String) codeThenDisplay.get(i + 1));
        }
        return map;
    }
}
