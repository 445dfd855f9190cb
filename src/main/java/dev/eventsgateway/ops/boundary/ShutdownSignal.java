package dev.eventsgateway.ops.boundary;

import dev.eventsgateway.ops.control.Readiness;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;

/**
 * Turns readiness off when the EJB singletons stop, before {@code ConnectionSweeper} closes every connection: a
 * dependent singleton is destroyed before the one it depends on.
 */
@Singleton
@Startup
@DependsOn("ConnectionSweeper")
public class ShutdownSignal {

    @Inject
    Readiness readiness;

    @PreDestroy
    void stopping() {
        readiness.stopping("@PreDestroy of the @Startup singletons");
    }
}
