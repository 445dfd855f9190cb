package dev.eventsgateway.rooms.control;

import dev.eventsgateway.connections.control.Connection;
import dev.eventsgateway.connections.control.Connections;
import dev.eventsgateway.connections.control.Disconnects;
import dev.eventsgateway.delivery.control.Broker;
import dev.eventsgateway.delivery.control.DeliveryUnavailableException;
import dev.eventsgateway.delivery.control.LocalBroker;
import dev.eventsgateway.history.control.HistorySettings;
import dev.eventsgateway.history.control.RoomLogs;
import dev.eventsgateway.history.entity.Admission;
import dev.eventsgateway.history.entity.HistoryRead;
import dev.eventsgateway.history.entity.HistorySnapshot;
import dev.eventsgateway.history.entity.Position;
import dev.eventsgateway.metrics.control.GatewayMetrics;
import dev.eventsgateway.metrics.control.Utf8Bytes;
import dev.eventsgateway.protocol.entity.EventName;
import dev.eventsgateway.protocol.entity.Roster;
import dev.eventsgateway.protocol.entity.WireFormat;
import dev.eventsgateway.rooms.entity.Published;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * Rooms and their members on this node, the hand-out of frames to them (room publications in the order of the room's
 * history), and the push API for other beans, which publishes through the {@link Broker} so that a push reaches the
 * members on every node.
 */
@ApplicationScoped
public class RoomManager {

    private final Map<String, Set<Connection>> rooms = new ConcurrentHashMap<>();
    private final AtomicInteger roomCount = new AtomicInteger();
    private Connections connections;
    private Disconnects disconnects;
    private RoomSettings settings;
    private Broker broker;
    private RoomLogs logs;

    // Field-injected, so that unit tests constructing this class count into a metrics bean of their own.
    @Inject
    GatewayMetrics metrics = new GatewayMetrics();

    protected RoomManager() {
        // for the CDI proxy
    }

    /** One node, in memory, as unit tests and tools wire it by hand. */
    public RoomManager(Connections connections, Disconnects disconnects, RoomSettings settings) {
        this(connections, disconnects, settings, new RoomLogs(HistorySettings.defaults()));
    }

    /** One node, in memory, with histories of the caller's making, as unit tests wire it by hand. */
    public RoomManager(Connections connections, Disconnects disconnects, RoomSettings settings, RoomLogs logs) {
        this.connections = connections;
        this.disconnects = disconnects;
        this.settings = settings;
        this.logs = logs;
        this.broker = new LocalBroker(this);
    }

    /** With the default histories, for tests that wire a broker by hand. */
    public RoomManager(Connections connections, Disconnects disconnects, RoomSettings settings, Broker broker) {
        this(connections, disconnects, settings, broker, new RoomLogs(HistorySettings.defaults()));
    }

    @Inject
    public RoomManager(Connections connections, Disconnects disconnects, RoomSettings settings, Broker broker,
                       RoomLogs logs) {
        this.connections = connections;
        this.disconnects = disconnects;
        this.settings = settings;
        this.broker = broker;
        this.logs = logs;
    }

    /**
     * Sends {@code {"event": event, "data": data}} to every member of the room, on every node; once it returns the
     * cluster accepted it, and the result says the position it took in the room and, on one node, how many
     * connections were handed it. The frame is encoded once and handed to each member's bounded queue, so the caller
     * never waits for a client.
     *
     * @throws ReservedEventException when {@code event} is one of the gateway's own events
     * @throws DeliveryUnavailableException when the cluster's broker is unreachable: nobody received it
     */
    public Published broadcastToRoom(String room, String event, Object data) {
        Objects.requireNonNull(room, "room");
        return broker.publishPublication(room, WireFormat.frame(requirePushable(event), data));
    }

    /**
     * Sends {@code {"event": event, "data": data}} to every connection, on every node; returns as
     * {@link #broadcastToRoom} does, without a position.
     *
     * @throws ReservedEventException when {@code event} is one of the gateway's own events
     * @throws DeliveryUnavailableException when the cluster's broker is unreachable: nobody received it
     */
    public Published broadcastToAll(String event, Object data) {
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

    /**
     * Gives a room publication the room's next position on this node, keeps it in the room's history and hands it to
     * every member, in the room's critical section: the local broker's last step.
     */
    public Published publishInOrder(String room, String frame) {
        Position[] placed = new Position[1];
        int handed = handOutPositioned(room, handOut -> logs.publish(room, frame, handOut, position -> {
            placed[0] = position;
        }));
        return Published.handedOut(placed[0], handed);
    }

    /**
     * Hands a cluster's room publication, positioned by the shared store, to this node's members in the room's critical
     * section, keeping it: the cluster broker's last step.
     */
    public int publishAt(String room, Position position, String frame) {
        return handOutPositioned(room, handOut -> logs.deliver(room, position, frame, handOut));
    }

    /**
     * Runs {@code positioning} as one fan-out, giving it the hand-out of a positioned frame to the room's members; counts
     * what was handed out unless the room had no member here.
     */
    private int handOutPositioned(String room, ToIntFunction<ToIntFunction<String>> positioning) {
        long started = System.nanoTime();
        String[] positioned = new String[1];
        int handed = disconnects.fanOut(() -> positioning.applyAsInt(framed -> {
            Set<Connection> members = rooms.get(room);
            if (members == null) {
                return 0;
            }
            positioned[0] = framed;
            return handOut(members, framed, null);
        }));
        return positioned[0] == null ? handed : counted(handed, positioned[0], started);
    }

    /**
     * Adds the connection through {@code admit} in the room's critical section, in a cluster: at this node's view of
     * the room, given what the shared store held when read ({@code snapshot}); run in the order of this node's
     * deliveries.
     */
    public Optional<Admission> admitAt(String room, Optional<Position> since, HistorySnapshot snapshot,
                                       BooleanSupplier admit, Consumer<String> send) {
        return logs.join(room, since, snapshot, () -> memberCount(room) > 0, admit, send);
    }

    /** A history read from the shared store, as members received its publications. */
    public HistoryRead historyFrom(String room, HistorySnapshot newestFirst) {
        return logs.held(room, newestFirst);
    }

    /** What this server's room histories hold, and for how long. */
    public HistorySettings historySettings() {
        return logs.settings();
    }

    /** A fresh random epoch, for a room's history that a shared store does not have yet. */
    public String newEpoch() {
        return logs.newEpoch();
    }

    /**
     * Adds the connection through {@code admit} in the room's critical section on this node, recovering from
     * {@code since}: the local broker's admission.
     */
    public Optional<Admission> admitInOrder(String room, Optional<Position> since, BooleanSupplier admit,
                                            Consumer<String> send) {
        return logs.join(room, since, admit, send);
    }

    /** The room's position and latest publications held on this node: the local broker's history read. */
    public HistoryRead historyInOrder(String room, int limit) {
        return logs.read(room, limit);
    }

    /** The latest publications of the room, at most {@code limit}, oldest first, with the room's position. */
    public HistoryRead history(String room, int limit) {
        return broker.history(room, limit);
    }

    /** Drops expired history and the state of rooms without members and held publications; run by a periodic sweep. */
    public void expireHistory() {
        logs.expire(room -> memberCount(room) > 0);
    }

    /** Bytes the held publications of all rooms count against the history memory bound. */
    public long historyBytes() {
        return logs.heldBytes();
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

    /** {@link #join(Connection, String, Optional)} without {@code since}. */
    public JoinResult join(Connection connection, String room) {
        return join(connection, room, Optional.empty()).result();
    }

    /**
     * Adds the connection to the room, unless it is in already, in too many rooms, or the room would be one too many;
     * once it returns {@code JOINED}, this node receives the room's publications after the admission's position, and
     * with {@code since} the recovered ones before them.
     *
     * @throws DeliveryUnavailableException when this node could not follow the room; the connection is not in it
     */
    public JoinOutcome join(Connection connection, String room, Optional<Position> since) {
        if (connection.rooms().contains(room)) {
            return JoinOutcome.alreadyMember(logs.position(room));
        }
        if (connection.rooms().size() >= settings.maxRoomsPerConnection()) {
            return JoinOutcome.refused(JoinResult.TOO_MANY_ROOMS);
        }
        Optional<Admission> admission;
        try {
            admission = broker.admit(room, since, () -> addMember(connection, room), connection::send);
        } catch (DeliveryUnavailableException e) {
            leave(connection, room);
            throw e;
        }
        if (admission.isEmpty()) {
            return JoinOutcome.refused(JoinResult.ROOM_LIMIT_REACHED);
        }
        admission.get().recovery().ifPresent(metrics::recovery);
        return JoinOutcome.joined(admission.get());
    }

    private boolean addMember(Connection connection, String room) {
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
        if (admitted[0]) {
            connection.addRoom(room);
        }
        return admitted[0];
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

    /** This node's members of the room as users with their connection counts, at most {@code limit} users by id. */
    public Roster roster(String room, int limit) {
        Set<Connection> members = rooms.get(room);
        return Roster.counting(members == null ? List.of() : members.stream().map(Connection::userId).toList(),
                limit);
    }

    /** Who is in the room on every node, at most {@code limit} users by id: through the {@link Broker}. */
    public Roster presence(String room, int limit) {
        return broker.presence(room, limit);
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
