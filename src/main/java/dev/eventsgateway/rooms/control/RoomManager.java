package dev.eventsgateway.rooms.control;

import dev.eventsgateway.connections.control.Connection;
import dev.eventsgateway.connections.control.Connections;
import dev.eventsgateway.protocol.entity.EventName;
import dev.eventsgateway.protocol.entity.Presence;
import dev.eventsgateway.protocol.entity.WireFormat;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Rooms and their members on this node, and fan-out to them: the push API for other beans. */
@ApplicationScoped
public class RoomManager {

    private final Map<String, Set<Connection>> rooms = new ConcurrentHashMap<>();
    private Connections connections;
    private RoomSettings settings;

    protected RoomManager() {
        // for the CDI proxy
    }

    @Inject
    public RoomManager(Connections connections, RoomSettings settings) {
        this.connections = connections;
        this.settings = settings;
    }

    /**
     * Sends {@code {"event": event, "data": data}} to every member of the room; returns how many were handed it. The
     * frame is encoded once and handed to each member's bounded queue, so the caller never waits for a client.
     */
    public int broadcastToRoom(String room, String event, Object data) {
        Objects.requireNonNull(room, "room");
        return publish(room, WireFormat.frame(requireEvent(event), data), null);
    }

    /** Sends {@code {"event": event, "data": data}} to every connection of this node; returns how many were handed it. */
    public int broadcastToAll(String event, Object data) {
        return publishToAll(WireFormat.frame(requireEvent(event), data), null);
    }

    /** Hands an encoded frame to each member but {@code except} (may be null). */
    public int publish(String room, String frame, Connection except) {
        Set<Connection> members = rooms.get(room);
        if (members == null) {
            return 0;
        }
        int handed = 0;
        for (Connection member : members) {
            if (member != except && member.send(frame)) {
                handed++;
            }
        }
        return handed;
    }

    /** Hands an encoded frame to every connection of this node but {@code except} (may be null). */
    public int publishToAll(String frame, Connection except) {
        int handed = 0;
        for (Connection connection : connections.all()) {
            if (connection != except && connection.send(frame)) {
                handed++;
            }
        }
        return handed;
    }

    /** Adds the connection to the room and tells the other members, unless it is already in or in too many rooms. */
    public JoinResult join(Connection connection, String room) {
        if (connection.rooms().contains(room)) {
            return JoinResult.ALREADY_MEMBER;
        }
        if (connection.rooms().size() >= settings.maxRoomsPerConnection()) {
            return JoinResult.TOO_MANY_ROOMS;
        }
        connection.addRoom(room);
        rooms.compute(room, (name, members) -> {
            Set<Connection> set = members != null ? members : ConcurrentHashMap.newKeySet();
            set.add(connection);
            return set;
        });
        if (connection.isClosed()) {
            // Closed while joining: its release may have missed this room.
            removeMember(connection, room);
            return JoinResult.JOINED;
        }
        publish(room, WireFormat.frame(EventName.USER_JOINED, new Presence(connection.userId(), room)), connection);
        return JoinResult.JOINED;
    }

    /** Removes the connection from the room and tells the remaining members; false if it was not a member. */
    public boolean leave(Connection connection, String room) {
        if (!connection.removeRoom(room)) {
            return false;
        }
        removeMember(connection, room);
        publish(room, WireFormat.frame(EventName.USER_LEFT, new Presence(connection.userId(), room)), null);
        return true;
    }

    /** Takes a departing connection out of every room it was in, telling each room's remaining members. */
    public void leaveAll(Connection connection) {
        for (String room : Set.copyOf(connection.rooms())) {
            leave(connection, room);
        }
    }

    public boolean isMember(Connection connection, String room) {
        Set<Connection> members = rooms.get(room);
        return members != null && members.contains(connection);
    }

    public int roomCount() {
        return rooms.size();
    }

    public int memberCount(String room) {
        Set<Connection> members = rooms.get(room);
        return members == null ? 0 : members.size();
    }

    /** Members held across all rooms; 0 when no connection is in any room. */
    public int membershipCount() {
        return rooms.values().stream().mapToInt(Set::size).sum();
    }

    private void removeMember(Connection connection, String room) {
        rooms.computeIfPresent(room, (name, members) -> {
            members.remove(connection);
            return members.isEmpty() ? null : members;
        });
    }

    private static String requireEvent(String event) {
        if (event == null || event.isBlank()) {
            throw new IllegalArgumentException("event name must not be blank");
        }
        return event;
    }
}
