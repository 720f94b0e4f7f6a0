package dev.pulsebridge.server.withings.link;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.util.HtmlUtils;

/** The small HTML pages a patient sees while linking. Every message says what to do next. */
final class LinkPages {

    private LinkPages() {
    }

    static ResponseEntity<String> page(LinkOutcome outcome) {
        if (outcome instanceof LinkOutcome.Linked linked) {
            return render(HttpStatus.OK, "Withings account connected",
                    "Your Withings account is now connected" + (linked.relinked() ? " again" : "")
                            + ". Your measurements will be shared with your care team. You can close this page.");
        }
        if (outcome instanceof LinkOutcome.ConsentDenied denied) {
            return render(HttpStatus.FORBIDDEN, "Access was not allowed",
                    "Withings reports that access was not allowed (" + denied.withingsError() + "). Nothing was shared. "
                            + "If you change your mind, open the link you were given again while it is still valid.");
        }
        if (outcome instanceof LinkOutcome.ExchangeFailed failed) {
            return render(HttpStatus.BAD_GATEWAY, "Withings did not complete the sign-in",
                    "Withings did not confirm the sign-in: " + failed.reason() + ". Open the link you were given again "
                            + "to retry; if it keeps failing, ask your care team.");
        }
        if (outcome instanceof LinkOutcome.AlreadyLinked) {
            return render(HttpStatus.CONFLICT, "Account already in use",
                    "This Withings account is already connected to another patient record, so it was not connected to "
                            + "yours. Your care team can free it by disconnecting it from that record "
                            + "($withings-disconnect) and then send you a new link.");
        }
        return render(HttpStatus.BAD_REQUEST, "This link has expired",
                "The link expired or was already used. Ask your care team for a new one.");
    }

    static ResponseEntity<String> incomplete() {
        return render(HttpStatus.BAD_REQUEST, "Incomplete answer from Withings",
                "Withings sent you back without a sign-in code. Open the link you were given again.");
    }

    private static ResponseEntity<String> render(HttpStatus status, String title, String message) {
        String html = """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
                <title>%1$s - Pulsebridge</title>
                <style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.5}</style>
                </head><body><h1>%1$s</h1><p>%2$s</p></body></html>
                """.formatted(HtmlUtils.htmlEscape(title), HtmlUtils.htmlEscape(message));
        return ResponseEntity.status(status).contentType(MediaType.TEXT_HTML).body(html);
    }
}
