package dev.eventsgateway.ops.boundary;

import dev.eventsgateway.ops.control.MetricsExposition;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** {@code GET /ops/metrics}: the gateway's metrics for Prometheus to scrape. */
@WebServlet("/ops/metrics")
public class MetricsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    MetricsExposition exposition;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String body = exposition.render();
        response.setHeader("Cache-Control", "no-store");
        response.setContentType(MetricsExposition.CONTENT_TYPE);
        response.getWriter().write(body);
    }
}
