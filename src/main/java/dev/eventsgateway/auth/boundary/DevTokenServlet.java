package dev.eventsgateway.auth.boundary;

import dev.eventsgateway.auth.control.AuthSettings;
import dev.eventsgateway.auth.control.DevTokenMinter;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/** Development only: {@code GET /dev/token?user=alice[&roles=admin][&rooms=a,b][&ttl=3600]} answers a signed token. */
@WebServlet("/dev/token")
public class DevTokenServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    AuthSettings settings;

    @Inject
    DevTokenMinter minter;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // 404 unless EVENTS_DEV_TOKENS=true, which the WAR never sets by itself.
        if (!settings.devTokens()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        response.setHeader("Cache-Control", "no-store");
        try {
            String token = minter.mint(request.getParameter("user"), list(request.getParameter("roles")),
                    request.getParameter("rooms") == null ? null : list(request.getParameter("rooms")),
                    ttl(request.getParameter("ttl")));
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().write(token);
        } catch (IllegalArgumentException e) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
        }
    }

    private static List<String> list(String csv) {
        if (csv == null || csv.isBlank()) {
            return List.of();
        }
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static long ttl(String raw) {
        if (raw == null || raw.isBlank()) {
            return DevTokenMinter.DEFAULT_TTL_SECONDS;
        }
        try {
            return Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("ttl must be a number of seconds", e);
        }
    }
}
