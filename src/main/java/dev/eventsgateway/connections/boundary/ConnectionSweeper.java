package dev.eventsgateway.connections.boundary;

import dev.eventsgateway.connections.control.Connections;
import dev.eventsgateway.rooms.control.RoomManager;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.time.Instant;

/**
 * Drives heartbeats, token expiry and room history expiry once a second, and says goodbye (1001) to every client on
 * shutdown.
 */
@Singleton
@Startup
public class ConnectionSweeper {

    @Inject
    Connections connections;

    @Inject
    RoomManager rooms;

    @Schedule(hour = "*", minute = "*", second = "*", persistent = false,
            info = "heartbeats, token expiry and history expiry")
    public void sweep() {
        connections.sweep(Instant.now(), System.nanoTime());
        rooms.expireHistory();
    }

    @PreDestroy
    public void goingAway() {
        connections.shutDown();
    }
}
