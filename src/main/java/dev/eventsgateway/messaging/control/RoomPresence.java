package dev.eventsgateway.messaging.control;

import dev.eventsgateway.auth.entity.Caller;
import dev.eventsgateway.auth.entity.TokenLifetime;
import dev.eventsgateway.connections.control.Connection;
import dev.eventsgateway.connections.control.Disconnected;
import dev.eventsgateway.delivery.control.Broker;
import dev.eventsgateway.delivery.control.DeliveryUnavailableException;
import dev.eventsgateway.delivery.control.LocalBroker;
import dev.eventsgateway.protocol.entity.EventName;
import dev.eventsgateway.protocol.entity.Presence;
import dev.eventsgateway.protocol.entity.WireFormat;
import dev.eventsgateway.history.entity.Position;
import dev.eventsgateway.rooms.control.JoinOutcome;
import dev.eventsgateway.rooms.control.JoinResult;
import dev.eventsgateway.rooms.control.RoomManager;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Joins, leaves and disconnects with their {@code user:joined} / {@code user:left} announcements; for one connection
 * these never interleave, so that nobody is told of a join after the leave that ended it.
 */
@ApplicationScoped
public class RoomPresence {

    private static final Logger LOG = System.getLogger(RoomPresence.class.getName());

    private RoomManager rooms;
    private Broker broker;

    protected RoomPresence() {
        // for the CDI proxy
    }

    /** One node, in memory, as unit tests wire it by hand. */
    public RoomPresence(RoomManager rooms) {
        this(rooms, new LocalBroker(rooms));
    }

    @Inject
    public RoomPresence(RoomManager rooms, Broker broker) {
        this.rooms = rooms;
        this.broker = broker;
    }

    /** {@link #join(Connection, String, Optional)} without {@code since}. */
    public JoinResult join(Connection connection, String room) {
        return join(connection, room, Optional.empty()).result();
    }

    /**
     * Joins the room, recovering from {@code since}, and tells the other members; a connection already closed joins
     * nothing.
     */
    public JoinOutcome join(Connection connection, String room, Optional<Position> since) {
        synchronized (connection.presenceLock()) {
            if (connection.isClosed()) {
                return JoinOutcome.refused(JoinResult.CONNECTION_CLOSED);
            }
            JoinOutcome outcome = rooms.join(connection, room, since);
            if (outcome.result() == JoinResult.JOINED) {
                track(connection, room, true);
                announce(EventName.USER_JOINED, connection, room, connection);
            }
            return outcome;
        }
    }

    /** Leaves the room and tells the remaining members; false if the connection was not in it. */
    public boolean leave(Connection connection, String room) {
        synchronized (connection.presenceLock()) {
            return leaveAnnounced(connection, room);
        }
    }

    /**
     * Gives the connection a refreshed token and leaves, with announcements, every room the new token no longer
     * grants; returns those rooms.
     */
    public List<String> refresh(Connection connection, Caller refreshed, TokenLifetime lifetime) {
        synchronized (connection.presenceLock()) {
            connection.refresh(refreshed, lifetime);
            List<String> revoked = new ArrayList<>();
            for (String room : Set.copyOf(connection.rooms())) {
                if (!refreshed.canAccess(room) && leaveAnnounced(connection, room)) {
                    revoked.add(room);
                }
            }
            return revoked;
        }
    }

    /** A disconnect: the connection leaves every room it was in, announced unless the application is stopping. */
    public void disconnected(@Observes Disconnected disconnected) {
        Connection connection = disconnected.connection();
        synchronized (connection.presenceLock()) {
            for (String room : rooms.leaveAll(connection)) {
                track(connection, room, false);
                if (disconnected.announce()) {
                    announce(EventName.USER_LEFT, connection, room, null);
                }
            }
        }
    }

    /**
     * Keeps this node alive in the cluster and announces {@code user:left} for the connections of nodes found dead,
     * as if they had closed; run by a periodic timer, it never waits for Redis.
     */
    public void beat() {
        try {
            broker.beat(departure -> broker.publish(departure.room(),
                    WireFormat.frame(EventName.USER_LEFT, new Presence(departure.userId(), departure.room())), null));
        } catch (DeliveryUnavailableException e) {
            LOG.log(Level.DEBUG, "heartbeat not sent: {0}", e.getMessage());
        }
    }

    private boolean leaveAnnounced(Connection connection, String room) {
        if (!rooms.leave(connection, room)) {
            return false;
        }
        track(connection, room, false);
        announce(EventName.USER_LEFT, connection, room, null);
        return true;
    }

    // Like an announcement, the presence follows the membership change and cannot undo it.
    private void track(Connection connection, String room, boolean entered) {
        try {
            if (entered) {
                broker.entered(room, connection);
            } else {
                broker.departed(room, connection);
            }
        } catch (DeliveryUnavailableException e) {
            LOG.log(Level.WARNING, "presence of connection {0} in room {1} not {2}: {3}", connection.id(), room,
                    entered ? "recorded" : "removed", e.getMessage());
        }
    }

    // The membership change stands even when its announcement cannot be published: a leave or disconnect cannot be
    // undone, so the failure is logged rather than handed to the client.
    private void announce(EventName event, Connection subject, String room, Connection except) {
        try {
            broker.publish(room, WireFormat.frame(event, new Presence(subject.userId(), room)), except);
        } catch (DeliveryUnavailableException e) {
            LOG.log(Level.WARNING, "{0} of connection {1} in room {2} not announced: {3}", event.wireName(),
                    subject.id(), room, e.getMessage());
        }
    }
}
