package dev.pulsebridge.server.dashboard;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * {@code /dashboard}: the clinician dashboard, a SMART app served from {@code static/dashboard} that signs
 * in through this server's authorization like any other app. Its address is the one registered for it
 * ({@code pulsebridge-dashboard}), so the bare paths lead there.
 */
@Controller
class DashboardPage {

    static final String PAGE = "/dashboard/index.html";

    @GetMapping({"/dashboard", "/dashboard/"})
    String dashboard() {
        return "redirect:" + PAGE;
    }
}
