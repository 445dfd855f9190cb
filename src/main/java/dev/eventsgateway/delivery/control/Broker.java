package dev.eventsgateway.delivery.control;

import dev.eventsgateway.connections.control.Connection;

/** Carries an already-encoded frame to the local members of a room, or to every connection, of every node. */
public interface Broker {

    /**
     * Publishes the frame to every member of the room but {@code except} (may be null); returns how many local
     * connections were handed it (one node) or how many nodes took it (cluster).
     *
     * @throws DeliveryUnavailableException when the frame could not be published; nobody received it
     */
    int publish(String room, String frame, Connection except);

    /**
     * Publishes the frame to every connection but {@code except} (may be null); returns as {@link #publish} does.
     *
     * @throws DeliveryUnavailableException when the frame could not be published; nobody received it
     */
    int publishToAll(String frame, Connection except);

    /**
     * A local member joined the room: returns once this node receives the room's publications.
     *
     * @throws DeliveryUnavailableException when this node could not follow the room
     */
    void subscribe(String room);

    /** The room may have lost its last local member: stop receiving its publications unless it has members again. */
    void unsubscribe(String room);

    /**
     * Whether this node can publish and receives every publication for its rooms: always for one node; in a cluster
     * only while Redis answers and this node's subscriptions are all in place again after a reconnect.
     */
    boolean isAvailable();

    /** Names the mode for the deployment report. */
    String describe();
}
