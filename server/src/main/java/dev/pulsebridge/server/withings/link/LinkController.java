package dev.pulsebridge.server.withings.link;

import dev.pulsebridge.server.withings.PublicUrls;
import java.net.URI;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /withings/link/{token}} (patient opens their link) and {@code /withings/callback} (back from Withings). */
@RestController
class LinkController {

    private final WithingsLinks links;

    LinkController(WithingsLinks links) {
        this.links = links;
    }

    @GetMapping(PublicUrls.LINK_PATH + "{token}")
    ResponseEntity<String> open(@PathVariable String token) {
        Optional<URI> consent = links.open(token);
        return consent.<ResponseEntity<String>>map(uri -> ResponseEntity.status(HttpStatus.FOUND).location(uri).build())
                .orElseGet(() -> LinkPages.page(new LinkOutcome.LinkExpired()));
    }

    /** Withings probes the callback with HEAD when it is registered in the developer dashboard. */
    @RequestMapping(path = PublicUrls.CALLBACK_PATH, method = RequestMethod.HEAD)
    ResponseEntity<Void> probe() {
        return ResponseEntity.ok().build();
    }

    @GetMapping(PublicUrls.CALLBACK_PATH)
    ResponseEntity<String> callback(@RequestParam(required = false) String code,
            @RequestParam(required = false) String state, @RequestParam(required = false) String error) {
        if (error != null && !error.isBlank()) {
            return LinkPages.page(links.declined(state, error));
        }
        if (code == null || code.isBlank()) {
            return state == null ? LinkPages.page(new LinkOutcome.LinkExpired()) : LinkPages.incomplete();
        }
        return LinkPages.page(links.complete(code, state));
    }
}
