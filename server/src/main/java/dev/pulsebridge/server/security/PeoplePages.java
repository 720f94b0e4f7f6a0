package dev.pulsebridge.server.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.web.WebAttributes;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * The sign-in form people meet when an app sends them here ({@code username}, {@code password}); after
 * signing in they go back to where the app sent them.
 */
@RestController
class PeoplePages {

    static final String LOGIN = "/login";
    static final String LOGOUT = "/logout";

    @GetMapping(value = LOGIN, produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> login(HttpServletRequest request) {
        CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        boolean locked = request.getSession(false) != null && request.getSession(false)
                .getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION) instanceof LockedException;
        String notice = request.getParameter("error") != null && locked
                ? "<p class=\"error\" role=\"alert\">Too many wrong passwords for this username: it is locked for "
                        + LoginAttempts.WINDOW.toMinutes() + " minutes.</p>"
                : request.getParameter("error") != null
                ? "<p class=\"error\" role=\"alert\">That username and password do not match. Try again.</p>"
                : request.getParameter("logout") != null ? "<p role=\"status\">You are signed out.</p>" : "";
        String body = """
                <form method="post" action="%s">
                  %s
                  <label for="username">Username</label>
                  <input id="username" name="username" autocomplete="username" required autofocus>
                  <label for="password">Password</label>
                  <input id="password" name="password" type="password" autocomplete="current-password" required>
                  <input type="hidden" name="%s" value="%s">
                  <button type="submit">Sign in</button>
                </form>
                """.formatted(request.getContextPath() + LOGIN, notice, HtmlUtils.htmlEscape(csrf.getParameterName()),
                HtmlUtils.htmlEscape(csrf.getToken()));
        return page("Sign in to Pulsebridge", body);
    }

    /** One look for every page people see; no scripts, no outside resources. */
    static ResponseEntity<String> page(String title, String body) {
        return page(HttpStatus.OK, title, body);
    }

    static ResponseEntity<String> page(HttpStatus status, String title, String body) {
        String html = """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%1$s</title>
                <style>
                  body{font-family:system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;color:#1b1f24}
                  label{display:block;margin-top:1rem;font-weight:600}
                  input[type=text],input:not([type]),input[type=password]{width:100%%;padding:.5rem;font-size:1rem;box-sizing:border-box}
                  button{margin-top:1.5rem;padding:.6rem 1.2rem;font-size:1rem}
                  .error{color:#a40e26}.scope{font-weight:400;display:flex;gap:.5rem;align-items:baseline}
                  fieldset{margin-top:1rem;border:1px solid #ccd;padding:.5rem 1rem}
                </style></head>
                <body><h1>%1$s</h1>
                %2$s
                </body></html>
                """.formatted(HtmlUtils.htmlEscape(title), body);
        return ResponseEntity.status(status).contentType(MediaType.TEXT_HTML).header("Cache-Control", "no-store").body(html);
    }
}
