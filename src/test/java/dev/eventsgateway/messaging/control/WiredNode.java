package dev.eventsgateway.messaging.control;

import dev.eventsgateway.auth.entity.Caller;
import dev.eventsgateway.auth.entity.TokenLifetime;
import dev.eventsgateway.connections.control.Connection;
import dev.eventsgateway.connections.control.ConnectionSettings;
import dev.eventsgateway.connections.control.Connections;
import dev.eventsgateway.connections.control.Disconnected;
import dev.eventsgateway.connections.control.Disconnects;
import dev.eventsgateway.connections.control.ForwardingEvent;
import dev.eventsgateway.connections.control.Transport;
import dev.eventsgateway.history.control.HistorySettings;
import dev.eventsgateway.history.control.RoomLogs;
import dev.eventsgateway.rooms.control.RoomManager;
import dev.eventsgateway.rooms.control.RoomSettings;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Executor;

/** One node's connection, room and presence beans wired by hand as CDI wires them, for unit tests. */
public final class WiredNode {

    public static final Instant EXPIRES = Instant.parse("2030-01-01T00:00:00Z");
    public static final TokenLifetime LIFETIME = new TokenLifetime(EXPIRES, EXPIRES.minusSeconds(60), EXPIRES);
    /** Every room's epoch, so that tests know positions in advance. */
    public static final String EPOCH = "e1";

    public final Disconnects disconnects;
    public final Connections connections;
    public final RoomManager rooms;
    public final RoomPresence presence;

    /** Departures run on the thread that ends the fan-out or close which caused them. */
    public WiredNode(ConnectionSettings connectionSettings, RoomSettings roomSettings) {
        this(connectionSettings, roomSettings, Runnable::run);
    }

    /** Departures run on {@code departures}, as on the container's managed executor. */
    public WiredNode(ConnectionSettings connectionSettings, RoomSettings roomSettings, Executor departures) {
        this(connectionSettings, roomSettings, departures,
                new RoomLogs(HistorySettings.defaults(), Clock.systemUTC(), () -> EPOCH));
    }

    /** With room histories of the test's making. */
    public WiredNode(ConnectionSettings connectionSettings, RoomSettings roomSettings, Executor departures,
                     RoomLogs logs) {
        var event = new ForwardingEvent<Disconnected>();
        disconnects = new Disconnects(event, departures);
        connections = new Connections(connectionSettings, disconnects);
        rooms = new RoomManager(connections, disconnects, roomSettings, logs);
        presence = new RoomPresence(rooms);
        event.observe(presence::disconnected);
    }

    /** An open connection, visible to broadcasts. */
    public Connection open(Caller caller, Transport transport) {
        Connection connection = connections.reserve(caller, LIFETIME, transport, 0).orElseThrow();
        connections.activate(connection);
        return connection;
    }
}
