package dev.eventsgateway.rooms.control;

import dev.eventsgateway.connections.control.Connection;
import dev.eventsgateway.connections.control.Connections;
import dev.eventsgateway.connections.control.Disconnects;
import dev.eventsgateway.delivery.control.Broker;
import dev.eventsgateway.delivery.control.DeliveryUnavailableException;
import dev.eventsgateway.delivery.control.LocalBroker;
import dev.eventsgateway.metrics.control.GatewayMetrics;
import dev.eventsgateway.metrics.control.Utf8Bytes;
import dev.eventsgateway.protocol.entity.EventName;
import dev.eventsgateway.protocol.entity.WireFormat;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Rooms and their members on this node, the hand-out of frames to them, and the push API for other beans, which
 * publishes through the {@link Broker} so that a push reaches the members on every node.
 */
@ApplicationScoped
public class RoomManager {

    private final Map<String, Set<Connection>> rooms = new ConcurrentHashMap<>();
    private final AtomicInteger roomCount = new AtomicInteger();
    private Connections connections;
    private Disconnects disconnects;
    private RoomSettings settings;
    private Broker broker;

    // Field-injected, so that unit tests constructing this class count into a metrics bean of their own.
    @Inject
    GatewayMetrics metrics = new GatewayMetrics();

    protected RoomManager() {
        // for the CDI proxy
    }

    /** One node, in memory, as unit tests and tools wire it by hand. */
    public RoomManager(Connections connections, Disconnects disconnects, RoomSettings settings) {
        this.connections = connections;
        this.disconnects = disconnects;
        this.settings = settings;
        this.broker = new LocalBroker(this);
    }

    @Inject
    public RoomManager(Connections connections, Disconnects disconnects, RoomSettings settings, Broker broker) {
        this.connections = connections;
        this.disconnects = disconnects;
        this.settings = settings;
        this.broker = broker;
    }

    /**
     * Sends {@code {"event": event, "data": data}} to every member of the room, on every node; returns how many
     * connections were handed it (one node) or how many nodes took it (cluster). The frame is encoded once and handed
     * to each member's bounded queue, so the caller never waits for a client.
     *
     * @throws ReservedEventException when {@code event} is one of the gateway's own events
     * @throws DeliveryUnavailableException when the cluster's broker is unreachable: nobody received it
     */
    public int broadcastToRoom(String room, String event, Object data) {
        Objects.requireNonNull(room, "room");
        return broker.publish(room, WireFormat.frame(requirePushable(event), data), null);
    }

    /**
     * Sends {@code {"event": event, "data": data}} to every connection, on every node; returns as
     * {@link #broadcastToRoom} does.
     *
     * @throws ReservedEventException when {@code event} is one of the gateway's own events
     * @throws DeliveryUnavailableException when the cluster's broker is unreachable: nobody received it
     */
    public int broadcastToAll(String event, Object data) {
        return broker.publishToAll(WireFormat.frame(requirePushable(event), data), null);
    }

    /**
     * Hands an encoded frame to each member of this node but {@code except} (may be null): the brokers' last step;
     * other features publish through the {@link Broker}.
     */
    public int publish(String room, String frame, Connection except) {
        Set<Connection> members = rooms.get(room);
        if (members == null) {
            return 0;
        }
        long started = System.nanoTime();
        return counted(disconnects.fanOut(() -> handOut(members, frame, except)), frame, started);
    }

    /** Hands an encoded frame to every connection of this node but {@code except} (may be null): as {@link #publish}. */
    public int publishToAll(String frame, Connection except) {
        long started = System.nanoTime();
        return counted(disconnects.fanOut(() -> handOut(connections.all(), frame, except)), frame, started);
    }

    /** The duration includes closing the members whose queues overflowed: the publisher waits for that too. */
    private int counted(int handed, String frame, long startedNanos) {
        long nanos = System.nanoTime() - startedNanos;
        metrics.delivered(handed, Utf8Bytes.of(frame), nanos);
        return handed;
    }

    /**
     * Adds the connection to the room, unless it is in already, in too many rooms, or the room would be one too many;
     * once it returns {@code JOINED}, this node receives the room's publications.
     *
     * @throws DeliveryUnavailableException when this node could not follow the room; the connection is not in it
     */
    public JoinResult join(Connection connection, String room) {
        if (connection.rooms().contains(room)) {
            return JoinResult.ALREADY_MEMBER;
        }
        if (connection.rooms().size() >= settings.maxRoomsPerConnection()) {
            return JoinResult.TOO_MANY_ROOMS;
        }
        boolean[] admitted = {true};
        rooms.compute(room, (name, members) -> {
            if (members == null) {
                if (roomCount.incrementAndGet() > settings.maxRooms()) {
                    roomCount.decrementAndGet();
                    admitted[0] = false;
                    return null;
                }
                members = ConcurrentHashMap.newKeySet();
            }
            members.add(connection);
            return members;
        });
        if (!admitted[0]) {
            return JoinResult.ROOM_LIMIT_REACHED;
        }
        connection.addRoom(room);
        try {
            broker.subscribe(room);
        } catch (DeliveryUnavailableException e) {
            leave(connection, room);
            throw e;
        }
        return JoinResult.JOINED;
    }

    /** Removes the connection from the room; false if it was not a member. */
    public boolean leave(Connection connection, String room) {
        if (!connection.removeRoom(room)) {
            return false;
        }
        removeMember(connection, room);
        return true;
    }

    /** Takes the connection out of every room it was in; returns those rooms. */
    public List<String> leaveAll(Connection connection) {
        List<String> left = new ArrayList<>();
        for (String room : Set.copyOf(connection.rooms())) {
            if (leave(connection, room)) {
                left.add(room);
            }
        }
        return left;
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

    /** Up to {@code limit} rooms with their member counts, in no particular order. */
    public Map<String, Integer> memberCounts(int limit) {
        Map<String, Integer> counts = new HashMap<>();
        for (Map.Entry<String, Set<Connection>> room : rooms.entrySet()) {
            if (counts.size() >= limit) {
                break;
            }
            counts.put(room.getKey(), room.getValue().size());
        }
        return counts;
    }

    /** Up to {@code limit} members of the room; empty when it has none. */
    public List<Connection> members(String room, int limit) {
        Set<Connection> members = rooms.get(room);
        return members == null ? List.of() : members.stream().limit(limit).toList();
    }

    /** Members held across all rooms; 0 when no connection is in any room. */
    public int membershipCount() {
        return rooms.values().stream().mapToInt(Set::size).sum();
    }

    private static int handOut(Iterable<Connection> recipients, String frame, Connection except) {
        int handed = 0;
        for (Connection recipient : recipients) {
            if (recipient != except && recipient.send(frame)) {
                handed++;
            }
        }
        return handed;
    }

    private void removeMember(Connection connection, String room) {
        boolean[] emptied = {false};
        rooms.computeIfPresent(room, (name, members) -> {
            members.remove(connection);
            if (members.isEmpty()) {
                roomCount.decrementAndGet();
                emptied[0] = true;
                return null;
            }
            return members;
        });
        if (emptied[0]) {
            broker.unsubscribe(room);
        }
    }

    private static String requirePushable(String event) {
        if (event == null || event.isBlank()) {
            throw new IllegalArgumentException("event name must not be blank");
        }
        if (EventName.isReserved(event)) {
            throw new ReservedEventException(event);
        }
        return event;
    }
}
