package dev.eventsgateway.connections.boundary;

import dev.eventsgateway.connections.control.Connections;
import dev.eventsgateway.messaging.control.RoomPresence;
import dev.eventsgateway.rooms.control.RoomManager;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.time.Instant;

/**
 * Drives heartbeats, token expiry, room history expiry and this node's liveness in a cluster once a second, and says
 * goodbye (1001) to every client on shutdown.
 */
@Singleton
@Startup
public class ConnectionSweeper {

    @Inject
    Connections connections;

    @Inject
    RoomManager rooms;

    @Inject
    RoomPresence presence;

    @Schedule(hour = "*", minute = "*", second = "*", persistent = false,
            info = "heartbeats, token expiry, history expiry and cluster liveness")
    public void sweep() {
        connections.sweep(Instant.now(), System.nanoTime());
        rooms.expireHistory();
        presence.beat();
    }

    @PreDestroy
    public void goingAway() {
        connections.shutDown();
    }
}
