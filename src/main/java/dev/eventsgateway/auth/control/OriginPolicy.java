package dev.eventsgateway.auth.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Decides which browser origins may open a WebSocket: none given (not a browser), a configured one, or the gateway's
 * own origin.
 */
@ApplicationScoped
public class OriginPolicy {

    private OriginSettings settings;
    private volatile boolean enforcedByServletFilter;

    protected OriginPolicy() {
        // for the CDI proxy
    }

    @Inject
    public OriginPolicy(OriginSettings settings) {
        this.settings = settings;
    }

    /**
     * @param origin    the request's {@code Origin} header, null when absent
     * @param ownOrigin the request's own scheme, host and port, null when unknown
     */
    public boolean permits(String origin, String ownOrigin) {
        if (origin == null || settings.anyOrigin()) {
            return true;
        }
        Optional<String> normalized = Origins.normalize(origin);
        if (normalized.isEmpty()) {
            return false;
        }
        return settings.allowed().contains(normalized.get())
                || ownOrigin != null && normalized.equals(Origins.normalize(ownOrigin));
    }

    /**
     * The WebSocket {@code checkOrigin} hook sees only the origin. On a servlet container the {@code OriginFilter}
     * has already applied the whole rule, the own-origin part included, and a refusal here would answer 404 on
     * WildFly; so the hook decides only where no filter runs (embedded Tyrus).
     */
    public boolean permitsAtHandshake(String origin) {
        return enforcedByServletFilter || permits(origin, null);
    }

    /** Called by the servlet filter when it starts. */
    public void enforcedByServletFilter() {
        enforcedByServletFilter = true;
    }
}
