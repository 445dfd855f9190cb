package dev.eventsgateway.auth.boundary;

import dev.eventsgateway.auth.control.OriginPolicy;
import dev.eventsgateway.metrics.control.GatewayMetrics;
import dev.eventsgateway.metrics.control.HandshakeResult;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/** Refuses a WebSocket upgrade from a foreign browser origin with 403, the same on every server. */
@WebFilter(urlPatterns = "/events", asyncSupported = true)
public class OriginFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = System.getLogger(OriginFilter.class.getName());

    @Inject
    OriginPolicy policy;

    @Inject
    GatewayMetrics metrics;

    @Override
    public void init() {
        policy.enforcedByServletFilter();
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String origin = request.getHeader("Origin");
        String host = request.getHeader("Host");
        String ownOrigin = host == null ? null : request.getScheme() + "://" + host;
        if (!policy.permits(origin, ownOrigin)) {
            LOG.log(Level.INFO, "refused a connection from origin {0}: HTTP 403", sanitize(origin));
            metrics.handshake(HandshakeResult.FOREIGN_ORIGIN);
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "origin not allowed");
            return;
        }
        chain.doFilter(request, response);
    }

    /** Origins are client-supplied: keep log lines short and single-line. */
    private static String sanitize(String origin) {
        String trimmed = origin.length() > 100 ? origin.substring(0, 100) + "..." : origin;
        return trimmed.replaceAll("[\\p{Cntrl}]", "?");
    }
}
