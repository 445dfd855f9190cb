package dev.eventsgateway.ops.control;

import dev.eventsgateway.delivery.control.Broker;
import dev.eventsgateway.delivery.control.DeliverySettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether this server should be sent traffic: only between the end of its deployment and the start of its shutdown,
 * and, in a cluster, while its broker reaches Redis and follows all its rooms.
 */
@ApplicationScoped
public class Readiness {

    private static final Logger LOG = System.getLogger(Readiness.class.getName());

    /** Where the deployment is in its life. */
    public enum Phase {
        STARTING, READY, STOPPING;

        /** The lower-case name used in the health answers. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.STARTING);
    private Broker broker;
    private boolean clustered;

    protected Readiness() {
        // for the CDI proxy
    }

    @Inject
    public Readiness(Broker broker, DeliverySettings settings) {
        this.broker = broker;
        this.clustered = settings.clustered();
    }

    void deployed(@Observes Startup startup) {
        if (phase.compareAndSet(Phase.STARTING, Phase.READY)) {
            LOG.log(Level.INFO, "readiness: ready, deployment finished");
        }
    }

    /**
     * Turns not-ready for good; called by every shutdown hook, since which one the server runs first differs.
     *
     * @param hook the shutdown hook that noticed, for the log
     */
    public void stopping(String hook) {
        if (phase.getAndSet(Phase.STOPPING) != Phase.STOPPING) {
            LOG.log(Level.INFO, "readiness: not ready, shutting down (first noticed by {0})", hook);
        }
    }

    public Phase phase() {
        return phase.get();
    }

    /** In a cluster, {@code up} or {@code down} for the health answers; empty for one node. */
    public Optional<String> redis() {
        return clustered ? Optional.of(broker.isAvailable() ? "up" : "down") : Optional.empty();
    }

    public boolean ready() {
        return phase.get() == Phase.READY && (!clustered || broker.isAvailable());
    }
}
