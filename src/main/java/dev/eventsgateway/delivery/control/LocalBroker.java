package dev.eventsgateway.delivery.control;

import dev.eventsgateway.connections.control.Connection;
import dev.eventsgateway.history.entity.Admission;
import dev.eventsgateway.history.entity.HistoryRead;
import dev.eventsgateway.history.entity.Position;
import dev.eventsgateway.protocol.entity.Roster;
import dev.eventsgateway.rooms.control.RoomManager;
import dev.eventsgateway.rooms.entity.Published;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One node, in memory: hands the frame straight to this node's members through the room manager's hand-out; a room's
 * order is the order of its critical section on this node.
 */
public final class LocalBroker implements Broker {

    private final RoomManager rooms;

    public LocalBroker(RoomManager rooms) {
        this.rooms = rooms;
    }

    @Override
    public int publish(String room, String frame, Connection except) {
        return rooms.publish(room, frame, except);
    }

    @Override
    public Published publishPublication(String room, String frame) {
        return rooms.publishInOrder(room, frame);
    }

    @Override
    public Optional<Admission> admit(String room, Optional<Position> since, BooleanSupplier admit,
                                     Consumer<String> send) {
        return rooms.admitInOrder(room, since, admit, send);
    }

    @Override
    public HistoryRead history(String room, int limit) {
        return rooms.historyInOrder(room, limit);
    }

    @Override
    public void entered(String room, Connection connection) {
        // The room manager's members are this node's presence.
    }

    @Override
    public void departed(String room, Connection connection) {
        // The room manager's members are this node's presence.
    }

    @Override
    public Roster presence(String room, int limit) {
        return rooms.roster(room, limit);
    }

    @Override
    public void beat(java.util.function.Consumer<Departure> departed) {
        // One node has no other node to watch.
    }

    @Override
    public Published publishToAll(String frame, Connection except) {
        return Published.toAll(rooms.publishToAll(frame, except));
    }

    @Override
    public void subscribe(String room) {
        // Every publication of this node reaches its members directly.
    }

    @Override
    public void unsubscribe(String room) {
        // Nothing to stop following.
    }

    @Override
    public boolean isAvailable() {
        return true;
    }

    @Override
    public String describe() {
        return "local (one node, in memory)";
    }
}
