package dev.eventsgateway.ops.control;

import dev.eventsgateway.connections.control.Connection;
import dev.eventsgateway.connections.control.Connections;
import dev.eventsgateway.metrics.control.GatewayMetrics;
import dev.eventsgateway.metrics.control.InboundKind;
import dev.eventsgateway.protocol.entity.Closure;
import dev.eventsgateway.rooms.control.ReservedEventException;
import dev.eventsgateway.rooms.control.RoomManager;
import dev.eventsgateway.rooms.entity.Published;
import dev.eventsgateway.rooms.entity.RoomName;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/** What operators and backends may do over HTTP: push events, look at rooms and connections, disconnect users. */
@ApplicationScoped
public class ServerApi {

    private static final Logger LOG = System.getLogger(ServerApi.class.getName());
    private static final Pattern EVENT_NAME = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final int MAX_USER_ID_LENGTH = 256;
    static final int DEFAULT_CLOSE_CODE = 4000;
    static final String DEFAULT_CLOSE_REASON = "disconnected by an operator";

    private RoomManager rooms;
    private Connections connections;
    private GatewayMetrics metrics;

    protected ServerApi() {
        // for the CDI proxy
    }

    @Inject
    public ServerApi(RoomManager rooms, Connections connections, GatewayMetrics metrics) {
        this.rooms = rooms;
        this.connections = connections;
        this.metrics = metrics;
    }

    public GatewayStats stats() {
        return new GatewayStats(connections.count(), connections.users(), rooms.roomCount(),
                metrics.inbound(InboundKind.MESSAGE), metrics.deliveries(), Instant.now());
    }

    public Page<ConnectionView> allConnections(int limit) {
        return Page.of(connections.all().stream().limit(limit + 1L).map(ServerApi::view).toList(), limit);
    }

    /** Sends the event to every member of the room, on every node; returns what is known of the publication. */
    public Published publish(String actor, String room, String event, JsonValue data) {
        requireRoom(room);
        requireEvent(event);
        Published delivered;
        try {
            delivered = rooms.broadcastToRoom(room, event, data);
        } catch (ReservedEventException e) {
            throw new InvalidInputException("event", "is reserved for the gateway's own events");
        }
        LOG.log(Level.INFO, "server API: {0} published event {1} to room {2}, {3}", actor,
                event, room, recipients(delivered));
        return delivered;
    }

    /** Sends the event to every connection, on every node; returns what is known of the publication. */
    public Published broadcast(String actor, String event, JsonValue data) {
        requireEvent(event);
        Published delivered;
        try {
            delivered = rooms.broadcastToAll(event, data);
        } catch (ReservedEventException e) {
            throw new InvalidInputException("event", "is reserved for the gateway's own events");
        }
        LOG.log(Level.INFO, "server API: {0} broadcast event {1}, {2}", actor, event,
                recipients(delivered));
        return delivered;
    }

    private static String recipients(Published published) {
        OptionalInt local = published.localRecipients();
        return local.isPresent() ? "handed to " + local.getAsInt() + " connections here"
                : "handed out by each node as it arrives";
    }

    public Page<Map.Entry<String, Integer>> rooms(int limit) {
        return Page.of(List.copyOf(rooms.memberCounts(limit + 1).entrySet()), limit);
    }

    public Page<ConnectionView> members(String room, int limit) {
        requireRoom(room);
        return Page.of(rooms.members(room, limit + 1).stream().map(ServerApi::view).toList(), limit);
    }

    public Page<ConnectionView> connectionsOf(String userId, int limit) {
        requireUserId(userId);
        return Page.of(connections.all().stream().filter(connection -> connection.userId().equals(userId))
                .limit(limit + 1L).map(ServerApi::view).toList(), limit);
    }

    /** Closes every connection of the user with this close; returns how many there were. */
    public int disconnectUser(String actor, String userId, Closure closure) {
        requireUserId(userId);
        List<Connection> closing = connections.all().stream()
                .filter(connection -> connection.userId().equals(userId)).toList();
        closing.forEach(connection -> connection.close(closure));
        LOG.log(Level.INFO, "server API: {0} disconnected user {1} with close code {2}: {3} connections closed",
                actor, userId, Integer.toString(closure.code()), closing.size());
        return closing.size();
    }

    /** Closes one connection with this close; false when there is no such connection. */
    public boolean disconnectConnection(String actor, String connectionId, Closure closure) {
        return connections.find(connectionId).map(connection -> {
            connection.close(closure);
            LOG.log(Level.INFO, "server API: {0} disconnected connection {1} of user {2} with close code {3}", actor,
                    connectionId, connection.userId(), Integer.toString(closure.code()));
            return true;
        }).orElse(false);
    }

    /**
     * The close an operator asked for: a code from 4000 to 4999 (the application's range), 1000 or 1008, and a reason
     * of at most 123 UTF-8 bytes; 4000 and a fixed reason where left out.
     */
    public static Closure operatorClosure(Integer code, String reason) {
        int chosen = code == null ? DEFAULT_CLOSE_CODE : code;
        if (chosen != 1000 && chosen != 1008 && (chosen < 4000 || chosen > 4999)) {
            throw new InvalidInputException("code", "must be 1000, 1008 or from 4000 to 4999");
        }
        String text = reason == null ? DEFAULT_CLOSE_REASON : reason;
        if (Closure.reasonBytes(text) > Closure.MAX_REASON_BYTES) {
            throw new InvalidInputException("reason", "must be at most " + Closure.MAX_REASON_BYTES + " UTF-8 bytes");
        }
        return new Closure(chosen, text);
    }

    private static ConnectionView view(Connection connection) {
        return new ConnectionView(connection.id(), connection.userId(), List.copyOf(connection.rooms()),
                connection.lifetime().expiresAt());
    }

    static void requireEvent(String event) {
        if (event == null) {
            throw new InvalidInputException("event", "is required");
        }
        if (!EVENT_NAME.matcher(event).matches()) {
            throw new InvalidInputException("event", "must be 1 to 64 characters from A-Z a-z 0-9 . _ : -");
        }
    }

    static void requireRoom(String room) {
        if (!RoomName.isValid(room)) {
            throw new InvalidInputException("room", "must be 1 to " + RoomName.MAX_LENGTH
                    + " characters from A-Z a-z 0-9 . _ : -");
        }
    }

    static void requireUserId(String userId) {
        if (userId == null || userId.isBlank() || userId.length() > MAX_USER_ID_LENGTH) {
            throw new InvalidInputException("userId", "must be 1 to " + MAX_USER_ID_LENGTH + " characters");
        }
    }
}
