package dev.pulsebridge.server.readings;

import ca.uhn.fhir.rest.param.DateAndListParam;
import ca.uhn.fhir.rest.param.DateOrListParam;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceAndListParam;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenAndListParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Search parameters of the operations, turned into what the read model is queried with. */
final class ReadingFilters {

    private ReadingFilters() {
    }

    /** Patient ids named by {@code patient}/{@code subject} references ({@code Patient/x} or {@code x}). */
    static List<String> patients(ReferenceAndListParam... parameters) {
        Set<String> ids = new LinkedHashSet<>();
        for (ReferenceAndListParam parameter : parameters) {
            if (parameter == null) {
                continue;
            }
            for (ReferenceOrListParam or : parameter.getValuesAsQueryTokens()) {
                for (ReferenceParam reference : or.getValuesAsQueryTokens()) {
                    String type = reference.getResourceType();
                    if (type != null && !type.equals("Patient")) {
                        throw new InvalidRequestException("Only Patient subjects are supported, not " + type);
                    }
                    ids.add(reference.getIdPart());
                }
            }
        }
        return List.copyOf(ids);
    }

    /** Tokens any of which must match (every value of the parameter, ORed). */
    static List<String> tokens(TokenAndListParam parameter) {
        List<String> tokens = new ArrayList<>();
        if (parameter == null) {
            return tokens;
        }
        for (TokenOrListParam or : parameter.getValuesAsQueryTokens()) {
            for (TokenParam token : or.getValuesAsQueryTokens()) {
                if (token.getModifier() != null) {
                    throw new InvalidRequestException("Token modifiers are not supported here (:" + token.getModifier().getValue() + ")");
                }
                tokens.add(ReadingRows.token(token.getSystem() == null ? null : token.getSystem(), token.getValue()));
            }
        }
        return tokens;
    }

    /** @return {from, to}, either null when open; each date value narrows the window */
    static Instant[] window(DateAndListParam parameter) {
        Instant from = null;
        Instant to = null;
        if (parameter == null) {
            return new Instant[] {null, null};
        }
        for (DateOrListParam or : parameter.getValuesAsQueryTokens()) {
            if (or.getValuesAsQueryTokens().size() != 1) {
                throw new InvalidRequestException("date: one value per parameter (repeat date= to give a range)");
            }
            DateParam date = or.getValuesAsQueryTokens().get(0);
            DateRangeParam range = new DateRangeParam(date);
            if (range.getLowerBoundAsInstant() != null) {
                Instant lower = range.getLowerBoundAsInstant().toInstant();
                from = from == null || lower.isAfter(from) ? lower : from;
            }
            if (range.getUpperBoundAsInstant() != null) {
                Instant upper = range.getUpperBoundAsInstant().toInstant();
                to = to == null || upper.isBefore(to) ? upper : to;
            }
        }
        return new Instant[] {from, to};
    }
}
