package dev.pulsebridge.server.security;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One SMART App Launch 2.2 resource scope: whose data ({@link Context}), which resource type ({@code *} for
 * all), which interactions, and optionally a search that narrows it ({@code ?category=...|vital-signs}).
 * Both syntaxes parse to the same value: v1 {@code patient/Observation.read} is v2 {@code
 * patient/Observation.rs}, {@code .write} is {@code .cud}, {@code .*} is {@code .cruds}.
 *
 * @param restriction search parameters and their values (a value may list alternatives with commas, as in
 *                    FHIR search); empty when the scope is not narrowed
 */
public record SmartScope(Context context, String resourceType, Set<Interaction> interactions,
        Map<String, String> restriction) {

    /** Whose data a scope reaches. */
    public enum Context {
        /** the patient in the launch context, and only that patient */
        PATIENT,
        /** whatever the signed-in user may see */
        USER,
        /** a backend service: whatever the client was registered for */
        SYSTEM;

        String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** SMART v2's permission letters, in the order they must be written. */
    public enum Interaction {
        CREATE('c'), READ('r'), UPDATE('u'), DELETE('d'), SEARCH('s');

        private final char letter;

        Interaction(char letter) {
            this.letter = letter;
        }

        public char letter() {
            return letter;
        }
    }

    public static final String ANY_TYPE = "*";

    private static final Pattern SYNTAX = Pattern.compile(
            "(patient|user|system)/(\\*|[A-Z][A-Za-z]{1,63})\\.(read|write|\\*|[cruds]{1,5})(\\?([^\\s]+))?");
    private static final Pattern V2_LETTERS = Pattern.compile("c?r?u?d?s?");

    public SmartScope {
        interactions = Collections.unmodifiableSet(EnumSet.copyOf(interactions));
        restriction = Collections.unmodifiableMap(new LinkedHashMap<>(restriction));
    }

    /**
     * @return the scope, or empty when {@code text} is not a resource scope (it may be a context or identity
     *         scope such as {@code launch/patient} or {@code openid})
     * @throws IllegalArgumentException when it looks like a resource scope but is malformed
     */
    public static Optional<SmartScope> parse(String text) {
        if (!text.startsWith("patient/") && !text.startsWith("user/") && !text.startsWith("system/")) {
            return Optional.empty();
        }
        Matcher matcher = SYNTAX.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a SMART scope: expected "
                    + "(patient|user|system)/(Type|*).(read|write|*|cruds letters)[?search]");
        }
        Context context = Context.valueOf(matcher.group(1).toUpperCase(Locale.ROOT));
        String permissions = matcher.group(3);
        String query = matcher.group(5);
        boolean v1 = permissions.equals("read") || permissions.equals("write") || permissions.equals("*");
        if (v1 && query != null) {
            throw new IllegalArgumentException("'" + text + "': a search restriction needs v2 permissions (.rs, .cruds ...)");
        }
        return Optional.of(new SmartScope(context, matcher.group(2), interactions(text, permissions),
                query == null ? Map.of() : restriction(text, query)));
    }

    public boolean covers(String type, Interaction interaction) {
        return (resourceType.equals(ANY_TYPE) || resourceType.equals(type)) && interactions.contains(interaction);
    }

    public boolean restricted() {
        return !restriction.isEmpty();
    }

    /** The scope in v2 syntax. */
    @Override
    public String toString() {
        StringBuilder letters = new StringBuilder();
        interactions.forEach(interaction -> letters.append(interaction.letter()));
        StringBuilder query = new StringBuilder();
        restriction.forEach((name, value) -> query.append(query.isEmpty() ? "?" : "&").append(name).append('=').append(value));
        return context.code() + "/" + resourceType + "." + letters + query;
    }

    private static Set<Interaction> interactions(String text, String permissions) {
        switch (permissions) {
            case "read":
                return EnumSet.of(Interaction.READ, Interaction.SEARCH);
            case "write":
                return EnumSet.of(Interaction.CREATE, Interaction.UPDATE, Interaction.DELETE);
            case "*":
                return EnumSet.allOf(Interaction.class);
            default:
                if (!V2_LETTERS.matcher(permissions).matches()) {
                    throw new IllegalArgumentException("'" + text + "': permission letters must be a subset of c, r, u, d, s "
                            + "in that order, each at most once");
                }
                Set<Interaction> set = EnumSet.noneOf(Interaction.class);
                for (Interaction interaction : Interaction.values()) {
                    if (permissions.indexOf(interaction.letter()) >= 0) {
                        set.add(interaction);
                    }
                }
                return set;
        }
    }

    private static Map<String, String> restriction(String text, String query) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : List.of(query.split("&"))) {
            int equals = pair.indexOf('=');
            if (equals <= 0 || equals == pair.length() - 1) {
                throw new IllegalArgumentException("'" + text + "': the search restriction must be name=value pairs");
            }
            String name = pair.substring(0, equals);
            if (parameters.putIfAbsent(name, pair.substring(equals + 1)) != null) {
                throw new IllegalArgumentException("'" + text + "': '" + name + "' is restricted twice");
            }
        }
        return parameters;
    }
}
