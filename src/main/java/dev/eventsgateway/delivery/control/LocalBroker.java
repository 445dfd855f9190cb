package dev.eventsgateway.delivery.control;

import dev.eventsgateway.connections.control.Connection;
import dev.eventsgateway.rooms.control.RoomManager;

/** One node, in memory: hands the frame straight to this node's members through the room manager's hand-out. */
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
    public int publishToAll(String frame, Connection except) {
        return rooms.publishToAll(frame, except);
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
