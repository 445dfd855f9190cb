package dev.eventsgateway.ops.control;

import dev.eventsgateway.protocol.entity.Closure;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.StringReader;

/**
 * What the server API asks every node of a cluster, as JSON named by kind and version ({@code "q":"rooms.v1"}), so
 * that a node can refuse a kind it does not know rather than misread it.
 */
sealed interface NodeQuery {

    String STATS = "stats.v1";
    String ROOMS = "rooms.v1";
    String CONNECTIONS = "connections.v1";
    String MEMBERS = "members.v1";
    String USER_CONNECTIONS = "user-connections.v1";
    String DISCONNECT_USER = "disconnect-user.v1";
    String DISCONNECT_CONNECTION = "disconnect-connection.v1";

    /** The totals of one node. */
    record Stats() implements NodeQuery {
        @Override
        public JsonObjectBuilder json() {
            return kind(STATS);
        }
    }

    /** A node's first {@code limit + 1} rooms by name, with their local member counts. */
    record Rooms(int limit) implements NodeQuery {
        @Override
        public JsonObjectBuilder json() {
            return kind(ROOMS).add("limit", limit);
        }
    }

    /** A node's first {@code limit + 1} connections by id. */
    record Connections(int limit) implements NodeQuery {
        @Override
        public JsonObjectBuilder json() {
            return kind(CONNECTIONS).add("limit", limit);
        }
    }

    /** A node's first {@code limit + 1} members of the room, by connection id. */
    record Members(String room, int limit) implements NodeQuery {
        @Override
        public JsonObjectBuilder json() {
            return kind(MEMBERS).add("room", room).add("limit", limit);
        }
    }

    /** A node's first {@code limit + 1} connections of the user, by connection id. */
    record UserConnections(String userId, int limit) implements NodeQuery {
        @Override
        public JsonObjectBuilder json() {
            return kind(USER_CONNECTIONS).add("userId", userId).add("limit", limit);
        }
    }

    /** Close every connection of the user on the node. */
    record DisconnectUser(String actor, String userId, Closure closure) implements NodeQuery {
        @Override
        public JsonObjectBuilder json() {
            return kind(DISCONNECT_USER).add("actor", actor).add("userId", userId).add("code", closure.code())
                    .add("reason", closure.reason());
        }
    }

    /** Close the connection, if the node has it. */
    record DisconnectConnection(String actor, String connectionId, Closure closure) implements NodeQuery {
        @Override
        public JsonObjectBuilder json() {
            return kind(DISCONNECT_CONNECTION).add("actor", actor).add("connectionId", connectionId)
                    .add("code", closure.code()).add("reason", closure.reason());
        }
    }

    JsonObjectBuilder json();

    default String toJson() {
        return json().build().toString();
    }

    private static JsonObjectBuilder kind(String kind) {
        return Json.createObjectBuilder().add("q", kind);
    }

    /** @throws IllegalArgumentException for a kind this node does not know */
    static NodeQuery parse(String text) {
        JsonObject json;
        try (var reader = Json.createReader(new StringReader(text))) {
            json = reader.readObject();
        }
        String kind = json.getString("q", "");
        return switch (kind) {
            case STATS -> new Stats();
            case ROOMS -> new Rooms(json.getInt("limit"));
            case CONNECTIONS -> new Connections(json.getInt("limit"));
            case MEMBERS -> new Members(json.getString("room"), json.getInt("limit"));
            case USER_CONNECTIONS -> new UserConnections(json.getString("userId"), json.getInt("limit"));
            case DISCONNECT_USER -> new DisconnectUser(json.getString("actor"), json.getString("userId"),
                    new Closure(json.getInt("code"), json.getString("reason")));
            case DISCONNECT_CONNECTION -> new DisconnectConnection(json.getString("actor"),
                    json.getString("connectionId"), new Closure(json.getInt("code"), json.getString("reason")));
            default -> throw new IllegalArgumentException("unknown node query " + kind);
        };
    }
}
