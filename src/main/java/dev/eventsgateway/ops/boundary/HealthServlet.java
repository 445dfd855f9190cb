package dev.eventsgateway.ops.boundary;

import dev.eventsgateway.ops.control.Readiness;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/** Liveness and readiness probes for load balancers and Kubernetes: a small JSON body with 200 or 503. */
@WebServlet(urlPatterns = {HealthServlet.LIVE, HealthServlet.READY})
public class HealthServlet extends HttpServlet {

    static final String LIVE = "/ops/health/live";
    static final String READY = "/ops/health/ready";

    private static final long serialVersionUID = 1L;

    @Inject
    Readiness readiness;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Readiness.Phase phase = readiness.phase();
        Optional<String> redis = readiness.redis();
        // Liveness only says the process answers: restarting a server that is starting, stopping or without Redis
        // helps nobody.
        boolean up = LIVE.equals(request.getServletPath()) || readiness.ready();
        response.setStatus(up ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json;charset=UTF-8");
        response.getWriter().write("{\"status\":\"" + (up ? "UP" : "DOWN") + "\",\"phase\":\"" + phase.label()
                + "\"" + redis.map(state -> ",\"redis\":\"" + state + "\"").orElse("") + "}");
    }
}
