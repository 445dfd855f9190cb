package dev.eventsgateway.delivery.control;

import dev.eventsgateway.connections.control.Connection;
import dev.eventsgateway.history.entity.Admission;
import dev.eventsgateway.history.entity.HistoryRead;
import dev.eventsgateway.history.entity.Position;
import dev.eventsgateway.protocol.entity.Roster;
import dev.eventsgateway.rooms.entity.Published;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Carries an already-encoded frame to the local members of a room, or to every connection, of every node; decides the
 * order of a room's publications, and so their positions, and where a joining member starts in it.
 */
public interface Broker {

    /**
     * Publishes a frame that is not a room publication ({@code user:joined}, {@code user:left},
     * {@code server:stats}) to every member of the room but {@code except} (may be null): it gets no position and is
     * not kept. Returns how many local connections were handed it (one node) or how many nodes took it (cluster).
     *
     * @throws DeliveryUnavailableException when the frame could not be published; nobody received it
     */
    int publish(String room, String frame, Connection except);

    /**
     * Publishes a room publication (a room {@code message} or a push to a room) to every member of the room: the
     * room's order gives it the next position, which every member receives spliced onto the frame, and its history
     * keeps it. Returns the position it took and, when known on return (one node), how many local connections were
     * handed it.
     *
     * @throws DeliveryUnavailableException when the frame could not be published; nobody received it
     */
    Published publishPublication(String room, String frame);

    /**
     * Adds a local member through {@code admit} (false: refused, and this returns empty) at a position of the room's
     * order: from there on it receives the room's publications; with {@code since}, the ones after {@code since} up
     * to that position are handed to {@code send} first, all or none.
     *
     * @throws DeliveryUnavailableException when this node could not follow the room or read its history
     */
    Optional<Admission> admit(String room, Optional<Position> since, BooleanSupplier admit, Consumer<String> send);

    /**
     * The room's position and its latest {@code limit} publications held, oldest first.
     *
     * @throws DeliveryUnavailableException when the history could not be read
     */
    HistoryRead history(String room, int limit);

    /**
     * A local connection became a member of the room: counts it in the room's presence on every node. Call it before
     * announcing the join, so that whoever hears of it finds the member in the presence.
     *
     * @throws DeliveryUnavailableException when the cluster's presence could not be written
     */
    void entered(String room, Connection connection);

    /**
     * A local connection stopped being a member of the room: drops it from the room's presence on every node.
     *
     * @throws DeliveryUnavailableException when the cluster's presence could not be written
     */
    void departed(String room, Connection connection);

    /**
     * Who is in the room on every node: at most {@code limit} users by id, with their connection counts.
     *
     * @throws DeliveryUnavailableException when the cluster's presence could not be read
     */
    Roster presence(String room, int limit);

    /**
     * Renews this node's liveness in the cluster and takes back what the nodes found dead had written: their
     * connections leave every room's presence and free their users' slots, and each of their memberships goes to
     * {@code departed}, on a managed thread. Returns at once; nothing for one node.
     */
    void beat(Consumer<Departure> departed);

    /**
     * Publishes the frame to every connection but {@code except} (may be null); returns, when known on return (one
     * node), how many local connections were handed it.
     *
     * @throws DeliveryUnavailableException when the frame could not be published; nobody received it
     */
    Published publishToAll(String frame, Connection except);

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
