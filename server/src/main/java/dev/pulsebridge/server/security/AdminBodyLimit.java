package dev.pulsebridge.server.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A user or client definition is a few hundred bytes (an inline JWK Set a few kilobytes): a body to
 * {@code /admin} larger than {@link #MAX_BYTES}, or one of unknown length, is refused before it is read.
 */
class AdminBodyLimit extends OncePerRequestFilter {

    static final long MAX_BYTES = 64 * 1024;

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean hasBody = "PUT".equals(request.getMethod()) || "POST".equals(request.getMethod());
        long length = request.getContentLengthLong();
        if (hasBody && (length < 0 || length > MAX_BYTES)) {
            response.sendError(length < 0 ? HttpServletResponse.SC_LENGTH_REQUIRED : HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
                    "A definition sent to /admin is at most " + MAX_BYTES + " bytes, with a Content-Length");
            return;
        }
        chain.doFilter(request, response);
    }
}
