package dev.eventsgateway.ops.control;

import dev.eventsgateway.connections.control.Connection;
import dev.eventsgateway.connections.control.Connections;
import dev.eventsgateway.delivery.control.NodeReplies;
import dev.eventsgateway.delivery.control.NodeRequests;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * What operators and backends may do over HTTP: push events, look at rooms and connections, disconnect users. On one
 * node it reads and closes its own connections; in a cluster it asks every live node (see {@link NodeRequests}) and
 * merges their answers, saying which nodes did not answer in time.
 */
@ApplicationScoped
public class ServerApi {

    private static final Logger LOG = System.getLogger(ServerApi.class.getName());
    private static final Pattern EVENT_NAME = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final int MAX_USER_ID_LENGTH = 256;
    static final int DEFAULT_CLOSE_CODE = 4000;
    static final String DEFAULT_CLOSE_REASON = "disconnected by an operator";
    /** How long a cluster-wide call waits for the nodes' answers. */
    public static final Duration NODE_TIMEOUT = Duration.ofSeconds(2);

    private RoomManager rooms;
    private Connections connections;
    private GatewayMetrics metrics;
    private NodeRequests requests;

    protected ServerApi() {
        // for the CDI proxy
    }

    @Inject
    public ServerApi(RoomManager rooms, Connections connections, GatewayMetrics metrics, NodeRequests requests) {
        this.rooms = rooms;
        this.connections = connections;
        this.metrics = metrics;
        this.requests = requests;
    }

    /**
     * This node's gauges and totals, or the cluster's: connections, messages and deliveries summed over the nodes,
     * users and rooms counted once each however many nodes they are on.
     */
    public Gathered<GatewayStats> stats() {
        if (!requests.clustered()) {
            return Gathered.local(new GatewayStats(connections.count(), connections.users(), rooms.roomCount(),
                    metrics.inbound(InboundKind.MESSAGE), metrics.deliveries(), Instant.now()));
        }
        NodeReplies replies = ask(new NodeQuery.Stats());
        return Gathered.cluster(ClusterMerge.stats(replies.answers().values().stream().map(ClusterMerge::statsOf)
                .toList(), Instant.now()), NodeCount.of(replies));
    }

    public Gathered<Page<ConnectionView>> allConnections(int limit) {
        if (!requests.clustered()) {
            return Gathered.local(Page.of(connections.all().stream().limit(limit + 1L).map(ServerApi::view)
                    .toList(), limit));
        }
        return connectionPage(new NodeQuery.Connections(limit), limit);
    }

    private Gathered<Page<ConnectionView>> connectionPage(NodeQuery query, int limit) {
        NodeReplies replies = ask(query);
        return Gathered.cluster(ClusterMerge.connections(replies.answers().values().stream()
                .map(ClusterMerge::connectionsOf).toList(), limit), NodeCount.of(replies));
    }

    private NodeReplies ask(NodeQuery query) {
        return requests.ask(query.toJson(), NODE_TIMEOUT);
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

    /** Rooms with their member counts; in a cluster summed over the nodes and by name. */
    public Gathered<Page<Map.Entry<String, Integer>>> rooms(int limit) {
        if (!requests.clustered()) {
            return Gathered.local(Page.of(List.copyOf(rooms.memberCounts(limit + 1).entrySet()), limit));
        }
        NodeReplies replies = ask(new NodeQuery.Rooms(limit));
        return Gathered.cluster(ClusterMerge.rooms(replies.answers().values().stream().map(ClusterMerge::roomsOf)
                .toList(), limit), NodeCount.of(replies));
    }

    public Gathered<Page<ConnectionView>> members(String room, int limit) {
        requireRoom(room);
        if (!requests.clustered()) {
            return Gathered.local(Page.of(rooms.members(room, limit + 1).stream().map(ServerApi::view).toList(),
                    limit));
        }
        return connectionPage(new NodeQuery.Members(room, limit), limit);
    }

    public Gathered<Page<ConnectionView>> connectionsOf(String userId, int limit) {
        requireUserId(userId);
        if (!requests.clustered()) {
            return Gathered.local(Page.of(connections.all().stream()
                    .filter(connection -> connection.userId().equals(userId))
                    .limit(limit + 1L).map(ServerApi::view).toList(), limit));
        }
        return connectionPage(new NodeQuery.UserConnections(userId, limit), limit);
    }

    /** Closes every connection of the user with this close, on every node; returns how many there were. */
    public Gathered<Integer> disconnectUser(String actor, String userId, Closure closure) {
        requireUserId(userId);
        if (!requests.clustered()) {
            return Gathered.local(disconnectUserHere(actor, userId, closure));
        }
        NodeReplies replies = ask(new NodeQuery.DisconnectUser(actor, userId, closure));
        int closed = ClusterMerge.closed(replies.answers().values());
        NodeCount nodes = NodeCount.of(replies);
        LOG.log(Level.INFO, "server API: {0} disconnected user {1} with close code {2} on every node: {3} "
                + "connections closed, {4} of {5} nodes answered", actor, userId, Integer.toString(closure.code()),
                closed, nodes.answered(), nodes.expected());
        return Gathered.cluster(closed, nodes);
    }

    /**
     * Closes the connection with this close, on whichever node has it; returns how many were closed (0: no node that
     * answered has it).
     */
    public Gathered<Integer> disconnectConnection(String actor, String connectionId, Closure closure) {
        if (!requests.clustered()) {
            return Gathered.local(disconnectConnectionHere(actor, connectionId, closure) ? 1 : 0);
        }
        NodeReplies replies = ask(new NodeQuery.DisconnectConnection(actor, connectionId, closure));
        int closed = ClusterMerge.closed(replies.answers().values());
        NodeCount nodes = NodeCount.of(replies);
        LOG.log(Level.INFO, "server API: {0} disconnected connection {1} with close code {2} on every node: {3} "
                + "closed, {4} of {5} nodes answered", actor, connectionId, Integer.toString(closure.code()), closed,
                nodes.answered(), nodes.expected());
        return Gathered.cluster(closed, nodes);
    }

    /** Closes every connection of the user on this node with this close; returns how many there were. */
    int disconnectUserHere(String actor, String userId, Closure closure) {
        List<Connection> closing = connections.all().stream()
                .filter(connection -> connection.userId().equals(userId)).toList();
        closing.forEach(connection -> connection.close(closure));
        LOG.log(Level.INFO, "server API: {0} disconnected user {1} with close code {2}: {3} connections closed",
                actor, userId, Integer.toString(closure.code()), closing.size());
        return closing.size();
    }

    /** Closes one connection of this node with this close; false when it has no such connection. */
    boolean disconnectConnectionHere(String actor, String connectionId, Closure closure) {
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

    static ConnectionView view(Connection connection) {
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
