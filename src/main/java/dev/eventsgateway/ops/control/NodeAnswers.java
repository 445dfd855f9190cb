package dev.eventsgateway.ops.control;

import dev.eventsgateway.connections.control.Connection;
import dev.eventsgateway.connections.control.Connections;
import dev.eventsgateway.delivery.control.NodeRequests;
import dev.eventsgateway.metrics.control.GatewayMetrics;
import dev.eventsgateway.metrics.control.InboundKind;
import dev.eventsgateway.rooms.control.RoomManager;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * This node's answers to the server API's requests to every node of a cluster: its first entries in the cluster's
 * order, its totals, and its part of a disconnect.
 */
@ApplicationScoped
public class NodeAnswers {

    private ServerApi api;
    private Connections connections;
    private RoomManager rooms;
    private GatewayMetrics metrics;
    private NodeRequests requests;

    protected NodeAnswers() {
        // for the CDI proxy
    }

    @Inject
    public NodeAnswers(ServerApi api, Connections connections, RoomManager rooms, GatewayMetrics metrics,
                       NodeRequests requests) {
        this.api = api;
        this.connections = connections;
        this.rooms = rooms;
        this.metrics = metrics;
        this.requests = requests;
    }

    void deployed(@Observes Startup startup) {
        if (requests.clustered()) {
            requests.answerWith(this::answer);
        }
    }

    /** @throws IllegalArgumentException for a request this node does not know, which it leaves unanswered */
    String answer(String request) {
        NodeQuery query = NodeQuery.parse(request);
        if (query instanceof NodeQuery.Stats) {
            return stats(new NodeStats(connections.count(), metrics.inbound(InboundKind.MESSAGE),
                    metrics.deliveries(), connections.all().stream().map(Connection::userId).distinct().toList(),
                    List.copyOf(rooms.memberCounts(Integer.MAX_VALUE).keySet())));
        }
        if (query instanceof NodeQuery.Rooms listed) {
            return rooms(rooms.memberCounts(Integer.MAX_VALUE).entrySet().stream()
                    .sorted(Map.Entry.comparingByKey()).limit(listed.limit() + 1L).toList());
        }
        if (query instanceof NodeQuery.Connections listed) {
            return connections(first(connections.all().stream(), listed.limit()));
        }
        if (query instanceof NodeQuery.Members listed) {
            return connections(first(rooms.members(listed.room(), Integer.MAX_VALUE).stream(), listed.limit()));
        }
        if (query instanceof NodeQuery.UserConnections listed) {
            return connections(first(connections.all().stream()
                    .filter(connection -> connection.userId().equals(listed.userId())), listed.limit()));
        }
        if (query instanceof NodeQuery.DisconnectUser user) {
            return closed(api.disconnectUserHere(user.actor(), user.userId(), user.closure()));
        }
        NodeQuery.DisconnectConnection one = (NodeQuery.DisconnectConnection) query;
        return closed(api.disconnectConnectionHere(one.actor(), one.connectionId(), one.closure()) ? 1 : 0);
    }

    private static List<ConnectionView> first(Stream<Connection> local, int limit) {
        return local.sorted(Comparator.comparing(Connection::id)).limit(limit + 1L).map(ServerApi::view).toList();
    }

    static String stats(NodeStats stats) {
        return Json.createObjectBuilder().add("connections", stats.connections()).add("messages", stats.messages())
                .add("deliveries", stats.deliveries()).add("users", Json.createArrayBuilder(stats.users()))
                .add("rooms", Json.createArrayBuilder(stats.rooms())).build().toString();
    }

    static String rooms(List<Map.Entry<String, Integer>> first) {
        JsonArrayBuilder listed = Json.createArrayBuilder();
        first.forEach(room -> listed.add(Json.createObjectBuilder().add("room", room.getKey())
                .add("members", room.getValue())));
        return Json.createObjectBuilder().add("rooms", listed).build().toString();
    }

    static String connections(List<ConnectionView> first) {
        JsonArrayBuilder listed = Json.createArrayBuilder();
        first.forEach(view -> listed.add(Json.createObjectBuilder().add("connectionId", view.connectionId())
                .add("userId", view.userId()).add("rooms", Json.createArrayBuilder(view.rooms()))
                .add("expiresAt", view.expiresAt().toString())));
        return Json.createObjectBuilder().add("connections", listed).build().toString();
    }

    static String closed(int closed) {
        return Json.createObjectBuilder().add("closed", closed).build().toString();
    }
}
