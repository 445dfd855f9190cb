package dev.eventsgateway.connections.boundary;

import dev.eventsgateway.connections.control.Connections;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.time.Instant;

/** Drives heartbeats and token expiry once a second, and says goodbye (1001) to every client on shutdown. */
@Singleton
@Startup
public class ConnectionSweeper {

    @Inject
    Connections connections;

    @Schedule(hour = "*", minute = "*", second = "*", persistent = false, info = "heartbeats and token expiry")
    public void sweep() {
        connections.sweep(Instant.now(), System.nanoTime());
    }

    @PreDestroy
    public void goingAway() {
        connections.shutDown();
    }
}
