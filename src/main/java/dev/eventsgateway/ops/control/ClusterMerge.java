package dev.eventsgateway.ops.control;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.time.Instant;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Merges the nodes' answers into the cluster's: each node sends its first {@code limit + 1} entries in one order
 * (rooms by name, connections by id), so the first {@code limit} of their merge are the cluster's first, complete, and
 * more than {@code limit} merged means the list was truncated.
 */
final class ClusterMerge {

    private ClusterMerge() {
    }

    /** Rooms by name, their member counts summed over the nodes. */
    static Page<Map.Entry<String, Integer>> rooms(Collection<List<Map.Entry<String, Integer>>> perNode, int limit) {
        TreeMap<String, Integer> merged = new TreeMap<>();
        perNode.forEach(rooms -> rooms.forEach(room -> merged.merge(room.getKey(), room.getValue(), Integer::sum)));
        return Page.of(merged.entrySet().stream().limit(limit + 1L)
                .map(room -> (Map.Entry<String, Integer>) new SimpleImmutableEntry<>(room.getKey(), room.getValue()))
                .toList(), limit);
    }

    /** Connections by id; a connection is on one node, so one listed twice (it cannot be) would count once. */
    static Page<ConnectionView> connections(Collection<List<ConnectionView>> perNode, int limit) {
        TreeMap<String, ConnectionView> merged = new TreeMap<>();
        perNode.forEach(views -> views.forEach(view -> merged.putIfAbsent(view.connectionId(), view)));
        return Page.of(merged.values().stream().limit(limit + 1L).toList(), limit);
    }

    /** Connections, messages and deliveries summed; users and rooms each counted once, wherever they are. */
    static GatewayStats stats(Collection<NodeStats> perNode, Instant now) {
        int connections = 0;
        long messages = 0;
        long deliveries = 0;
        Set<String> users = new HashSet<>();
        Set<String> rooms = new HashSet<>();
        for (NodeStats node : perNode) {
            connections += node.connections();
            messages += node.messages();
            deliveries += node.deliveries();
            users.addAll(node.users());
            rooms.addAll(node.rooms());
        }
        return new GatewayStats(connections, users.size(), rooms.size(), messages, deliveries, now);
    }

    static int closed(Collection<String> answers) {
        return answers.stream().mapToInt(answer -> object(answer).getInt("closed")).sum();
    }

    static List<Map.Entry<String, Integer>> roomsOf(String answer) {
        return object(answer).getJsonArray("rooms").getValuesAs(JsonObject.class).stream()
                .map(room -> (Map.Entry<String, Integer>) new SimpleImmutableEntry<>(room.getString("room"),
                        room.getInt("members")))
                .toList();
    }

    static List<ConnectionView> connectionsOf(String answer) {
        return object(answer).getJsonArray("connections").getValuesAs(JsonObject.class).stream()
                .map(view -> new ConnectionView(view.getString("connectionId"), view.getString("userId"),
                        strings(view.getJsonArray("rooms")), Instant.parse(view.getString("expiresAt"))))
                .toList();
    }

    static NodeStats statsOf(String answer) {
        JsonObject stats = object(answer);
        return new NodeStats(stats.getInt("connections"), stats.getJsonNumber("messages").longValue(),
                stats.getJsonNumber("deliveries").longValue(), strings(stats.getJsonArray("users")),
                strings(stats.getJsonArray("rooms")));
    }

    private static List<String> strings(JsonArray array) {
        return array.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    private static JsonObject object(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}
