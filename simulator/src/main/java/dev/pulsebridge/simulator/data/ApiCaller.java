package dev.pulsebridge.simulator.data;

import dev.pulsebridge.simulator.api.ApiGate;
import dev.pulsebridge.simulator.api.Faults;
import dev.pulsebridge.simulator.api.Stats;
import dev.pulsebridge.simulator.oauth.TokenStore;
import java.util.Map;
import org.springframework.stereotype.Component;

/** What every Bearer-authenticated Withings call does first: pass the gate, then resolve the token's account. */
@Component
public class ApiCaller {

    private final ApiGate gate;
    private final TokenStore tokens;
    private final SimulatorStore store;
    private final Stats stats;
    private final Faults faults;

    ApiCaller(ApiGate gate, TokenStore tokens, SimulatorStore store, Stats stats, Faults faults) {
        this.faults = faults;
        this.stats = stats;
        this.gate = gate;
        this.tokens = tokens;
        this.store = store;
    }

    /** Counts and rate-limits the call, then returns the account of its access token (status 401 if none). */
    public SimUser enter(String service, String action, Map<String, String> params, String authorizationHeader) {
        String token = Bearer.token(authorizationHeader, params);
        gate.enter(action, params, token);
        long userId = tokens.authenticate(token).userId();
        SimUser user = store.apiUser(userId);
        stats.userCall(userId, service, action);
        faults.applyFor(action, userId);
        return user;
    }
}
