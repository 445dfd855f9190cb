package dev.eventsgateway.broadcast.boundary;

import dev.eventsgateway.broadcast.control.BroadcastSettings;
import dev.eventsgateway.connections.control.Connections;
import dev.eventsgateway.delivery.control.Broker;
import dev.eventsgateway.delivery.control.DeliveryUnavailableException;
import dev.eventsgateway.delivery.control.NodeRequests;
import dev.eventsgateway.ops.control.Gathered;
import dev.eventsgateway.ops.control.GatewayStats;
import dev.eventsgateway.ops.control.NodeCount;
import dev.eventsgateway.ops.control.ServerApi;
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

/**
 * Pushes {@code server:stats} to room {@code ops:stats} at the configured interval: on one node its own numbers; in a
 * cluster, the node that claims the interval's lease in Redis ({@code SET NX PX} for the interval) gathers the
 * cluster's totals from every live node and pushes them, so members hear one push per interval whichever node they
 * are on. A gathering that misses a live node is not pushed: the numbers are never partial, and a node that stays
 * silent stops being expected once its liveness expires.
 */
@Singleton
@Startup
public class StatsBroadcaster {

    public static final String STATS_ROOM = "ops:stats";
    private static final Logger LOG = System.getLogger(StatsBroadcaster.class.getName());
    private static final String LEASE = "server-stats";

    @Inject
    RoomManager rooms;

    @Inject
    Broker broker;

    @Inject
    Connections connections;

    @Inject
    BroadcastSettings settings;

    @Inject
    NodeRequests requests;

    @Inject
    ServerApi api;

    private Instant nextPush = Instant.MIN;

    // A one-second tick, because @Schedule takes constants and the interval is configurable.
    @Schedule(hour = "*", minute = "*", second = "*", persistent = false, info = "server:stats push")
    public void tick() {
        Instant now = Instant.now();
        try {
            if (requests.clustered()) {
                pushClusterTotals();
                return;
            }
            if (now.isBefore(nextPush)) {
                return;
            }
            nextPush = now.plus(settings.statsInterval()).minusMillis(500);
            broker.publish(STATS_ROOM, WireFormat.frame(EventName.SERVER_STATS,
                    new ServerStats(connections.count(), rooms.roomCount(), Timestamps.iso(now))), null);
        } catch (DeliveryUnavailableException e) {
            // The broker logs each outage once; the next tick tries again.
            LOG.log(Level.DEBUG, "server:stats not published: {0}", e.getMessage());
        }
    }

    // Every node tries every second; the lease lets one through per interval, so a stopped node's turn passes on.
    private void pushClusterTotals() {
        if (!requests.claim(LEASE, settings.statsInterval())) {
            return;
        }
        Gathered<GatewayStats> gathered = api.stats();
        NodeCount nodes = gathered.nodes().orElseThrow();
        if (!nodes.complete()) {
            LOG.log(Level.WARNING, "server:stats not published this interval: nodes {0} did not answer within {1} ms",
                    nodes.missing(), ServerApi.NODE_TIMEOUT.toMillis());
            return;
        }
        GatewayStats stats = gathered.value();
        broker.publish(STATS_ROOM, WireFormat.frame(EventName.SERVER_STATS,
                new ServerStats(stats.connections(), stats.rooms(), Timestamps.iso(stats.timestamp()))), null);
    }
}
