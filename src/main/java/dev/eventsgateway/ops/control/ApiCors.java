package dev.eventsgateway.ops.control;

import dev.eventsgateway.auth.control.Origins;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Decides the CORS headers of the server API: only for the origins of {@code EVENTS_API_CORS_ORIGINS}. */
@ApplicationScoped
public class ApiCors {

    public static final String ALLOW_ORIGIN = "Access-Control-Allow-Origin";
    public static final String ALLOW_METHODS = "Access-Control-Allow-Methods";
    public static final String ALLOW_HEADERS = "Access-Control-Allow-Headers";
    public static final String MAX_AGE = "Access-Control-Max-Age";
    public static final String METHODS = "GET, POST";
    public static final String HEADERS = "Authorization, Content-Type";
    public static final String MAX_AGE_SECONDS = "600";

    private Set<String> origins;

    protected ApiCors() {
        // for the CDI proxy
    }

    @Inject
    public ApiCors(ApiSettings settings) {
        this.origins = settings.corsOrigins();
    }

    /** A preflight as the Fetch standard defines it: OPTIONS with an {@code Origin} that asks for a method. */
    public static boolean isPreflight(String method, String origin, String requestedMethod) {
        return "OPTIONS".equals(method) && origin != null && requestedMethod != null;
    }

    /** The headers for an answer to a request from this origin: none when the origin is absent or not listed. */
    public Map<String, String> headers(String origin) {
        return listed(origin).map(allowed -> Map.of(ALLOW_ORIGIN, allowed, "Vary", "Origin")).orElse(Map.of());
    }

    /** The headers that allow a preflight from this origin; none when it is not listed, and the preflight is refused. */
    public Map<String, String> preflightHeaders(String origin) {
        // Never Access-Control-Allow-Credentials: callers send bearer headers, and no cookie may ever get in.
        return listed(origin).map(allowed -> Map.of(ALLOW_ORIGIN, allowed, "Vary", "Origin", ALLOW_METHODS, METHODS,
                ALLOW_HEADERS, HEADERS, MAX_AGE, MAX_AGE_SECONDS)).orElse(Map.of());
    }

    /** The listed origin in its normalized form, which is the form browsers send, so it is echoed rather than input. */
    private Optional<String> listed(String origin) {
        return Origins.normalize(origin).filter(origins::contains);
    }
}
