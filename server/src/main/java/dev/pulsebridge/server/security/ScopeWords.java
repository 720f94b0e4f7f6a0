package dev.pulsebridge.server.security;

import dev.pulsebridge.server.security.SmartScope.Interaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A scope in words a person can judge on the consent page. */
final class ScopeWords {

    private static final Map<String, String> OTHERS = Map.of(
            "openid", "know that it is you",
            "fhirUser", "know who you are in the record (patient or practitioner)",
            "profile", "see your name",
            "launch", "open the record it was launched from",
            "launch/patient", "know which patient's record is open",
            "launch/encounter", "know which encounter is open",
            "offline_access", "keep access after you close the app, until you revoke it",
            "online_access", "keep access while you stay signed in");

    private ScopeWords() {
    }

    static String describe(String scope) {
        if (OTHERS.containsKey(scope)) {
            return OTHERS.get(scope);
        }
        Optional<SmartScope> parsed;
        try {
            parsed = SmartScope.parse(scope);
        } catch (IllegalArgumentException e) {
            return "";
        }
        return parsed.map(ScopeWords::words).orElse("");
    }

    private static String words(SmartScope scope) {
        List<String> verbs = new ArrayList<>();
        for (Interaction interaction : scope.interactions()) {
            verbs.add(switch (interaction) {
                case CREATE -> "add";
                case READ -> "read";
                case UPDATE -> "change";
                case DELETE -> "delete";
                case SEARCH -> "search";
            });
        }
        String what = scope.resourceType().equals(SmartScope.ANY_TYPE) ? "all records" : scope.resourceType() + " records";
        String whose = switch (scope.context()) {
            case PATIENT -> " of the open patient";
            case USER -> " you may see";
            case SYSTEM -> "";
        };
        String narrowed = scope.restricted() ? " (only " + scope.restriction() + ")" : "";
        return String.join(", ", verbs) + " " + what + whose + narrowed;
    }
}
