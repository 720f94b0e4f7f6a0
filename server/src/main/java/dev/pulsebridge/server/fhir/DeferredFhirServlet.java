package dev.pulsebridge.server.fhir;

import ca.uhn.fhir.rest.server.RestfulServer;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import java.io.IOException;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Registers HAPI's RestfulServer with the servlet container without creating it early.
 *
 * <p>Boot builds the embedded Tomcat, and with it every servlet registration, before Spring freezes
 * its bean configuration. A registration that held the RestfulServer directly would drag HAPI's ~160
 * DAOs and resource providers into existence at that point, where Spring cannot cache by-type lookups
 * and re-scans thousands of bean definitions for each injection point (about 10 s of startup on two
 * cores). Boot defers load-on-startup servlets until the context is fully built, so resolving the
 * RestfulServer in {@link #init} gets the same eager start without the penalty.
 */
class DeferredFhirServlet extends HttpServlet {

    private final transient ObjectProvider<RestfulServer> restfulServer;
    private transient RestfulServer delegate;

    DeferredFhirServlet(ObjectProvider<RestfulServer> restfulServer) {
        this.restfulServer = restfulServer;
    }

    @Override
    public void init(ServletConfig config) throws ServletException {
        super.init(config);
        delegate = restfulServer.getObject();
        delegate.init(config);
    }

    @Override
    public void service(ServletRequest request, ServletResponse response) throws ServletException, IOException {
        delegate.service(request, response);
    }

    @Override
    public void destroy() {
        if (delegate != null) {
            delegate.destroy();
        }
    }
}
