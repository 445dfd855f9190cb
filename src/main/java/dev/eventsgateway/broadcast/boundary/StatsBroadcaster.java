package dev.eventsgateway.broadcast.boundary;

import dev.eventsgateway.broadcast.control.BroadcastSettings;
import dev.eventsgateway.connections.control.Connections;
import dev.eventsgateway.delivery.control.Broker;
import dev.eventsgateway.delivery.control.DeliveryUnavailableException;
import dev.eventsgateway.protocol.entity.EventName;
import dev.eventsgateway.protocol.entity.ServerStats;
import dev.eventsgateway.protocol.entity.Timestamps;
import dev.eventsgateway.protocol.entity.WireFormat;
import dev.eventsgateway.rooms.control.RoomManager;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Instant;

/** Pushes {@code server:stats} to room {@code ops:stats} at the configured interval. */
@Singleton
@Startup
public class StatsBroadcaster {

    public static final String STATS_ROOM = "ops:stats";
    private static final Logger LOG = System.getLogger(StatsBroadcaster.class.getName());

    @Inject
    RoomManager rooms;

    @Inject
    Broker broker;

    @Inject
    Connections connections;

    @Inject
    BroadcastSettings settings;

    private Instant nextPush = Instant.MIN;

    // A one-second tick, because @Schedule takes constants and the interval is configurable.
    @Schedule(hour = "*", minute = "*", second = "*", persistent = false, info = "server:stats push")
    public void tick() {
        Instant now = Instant.now();
        if (now.isBefore(nextPush)) {
            return;
        }
        nextPush = now.plus(settings.statsInterval()).minusMillis(500);
        try {
            broker.publish(STATS_ROOM, WireFormat.frame(EventName.SERVER_STATS,
                    new ServerStats(connections.count(), rooms.roomCount(), Timestamps.iso(now))), null);
        } catch (DeliveryUnavailableException e) {
            // The broker logs each outage once; the next tick tries again.
            LOG.log(Level.DEBUG, "server:stats not published: {0}", e.getMessage());
        }
    }
}
