package dev.pulsebridge.simulator.notify;

import dev.pulsebridge.simulator.api.Envelope;
import dev.pulsebridge.simulator.api.WithingsError;
import dev.pulsebridge.simulator.data.ApiCaller;
import dev.pulsebridge.simulator.data.SimUser;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /notify}: subscribe (after a HEAD probe), list, get, revoke, update. */
@RestController
class NotifyController {

    /** Withings never expires subscriptions it lists; it shows this far-future epoch. */
    private static final long NEVER = 2_147_483_647L;

    private final ApiCaller caller;
    private final Notifier notifier;

    NotifyController(ApiCaller caller, Notifier notifier) {
        this.caller = caller;
        this.notifier = notifier;
    }

    @RequestMapping(path = "/notify", method = {RequestMethod.POST, RequestMethod.GET})
    Map<String, Object> notify(@RequestParam Map<String, String> params,
            @RequestHeader(name = "Authorization", required = false) String authorization) {
        String action = params.getOrDefault("action", "");
        SimUser user = caller.enter("notify", action, params, authorization);
        return switch (action) {
            case "subscribe" -> subscribe(user, params);
            case "list" -> Envelope.ok(Map.of("profiles", user.subscriptions().stream()
                    .filter(s -> !params.containsKey("appli") || s.appli() == appli(params.get("appli")))
                    .map(NotifyController::profile).toList()));
            case "get" -> Envelope.ok(profile(find(user, params.get("callbackurl"), appli(params.get("appli")))));
            case "revoke" -> {
                SimUser.Subscription subscription = find(user, params.get("callbackurl"), appli(params.get("appli")));
                user.subscriptions().remove(subscription);
                yield Envelope.ok(Map.of());
            }
            case "update" -> update(user, params);
            default -> throw new WithingsError(2554, "Unknown action");
        };
    }

    private Map<String, Object> subscribe(SimUser user, Map<String, String> params) {
        String callback = required(params, "callbackurl");
        int appli = appli(params.get("appli"));
        if (!notifier.probe(callback)) {
            throw new WithingsError(293, "The callback URL is either absent or incorrect");
        }
        boolean exists = user.subscriptions().stream().anyMatch(s -> s.appli() == appli && s.callbackUrl().equals(callback));
        if (!exists) {
            user.subscriptions().add(new SimUser.Subscription(appli, callback, params.get("comment")));
        }
        return Envelope.ok(Map.of());
    }

    private Map<String, Object> update(SimUser user, Map<String, String> params) {
        SimUser.Subscription current = find(user, params.get("callbackurl"), appli(params.get("appli")));
        String newCallback = params.getOrDefault("new_callbackurl", current.callbackUrl());
        int newAppli = params.containsKey("new_appli") ? appli(params.get("new_appli")) : current.appli();
        if (!newCallback.equals(current.callbackUrl()) && !notifier.probe(newCallback)) {
            throw new WithingsError(293, "The callback URL is either absent or incorrect");
        }
        user.subscriptions().remove(current);
        user.subscriptions().add(new SimUser.Subscription(newAppli, newCallback, params.getOrDefault("comment", current.comment())));
        return Envelope.ok(Map.of());
    }

    private static SimUser.Subscription find(SimUser user, String callback, int appli) {
        List<SimUser.Subscription> matches = user.subscriptions().stream()
                .filter(s -> s.appli() == appli && s.callbackUrl().equals(callback)).toList();
        if (matches.isEmpty()) {
            throw new WithingsError(2555, "No such subscription");
        }
        return matches.get(0);
    }

    private static Map<String, Object> profile(SimUser.Subscription subscription) {
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("appli", subscription.appli());
        profile.put("callbackurl", subscription.callbackUrl());
        profile.put("expires", NEVER);
        profile.put("comment", subscription.comment());
        return profile;
    }

    private static int appli(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException | NullPointerException e) {
            throw WithingsError.invalidParams("appli");
        }
    }

    private static String required(Map<String, String> params, String name) {
        String value = params.get(name);
        if (value == null || value.isBlank()) {
            throw WithingsError.invalidParams(name);
        }
        return value;
    }
}
