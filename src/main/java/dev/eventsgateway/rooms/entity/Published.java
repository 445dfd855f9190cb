package dev.eventsgateway.rooms.entity;

import dev.eventsgateway.history.entity.Position;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A push the cluster accepted (a failed one throws instead): the position a room publication took in the room's
 * order, and how many connections of this node were handed it when that is known on return (one node; in a cluster
 * each node hands it out as it arrives, so this node's count is not known then).
 */
public record Published(Optional<Position> position, OptionalInt localRecipients) {

    public Published {
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(localRecipients, "localRecipients");
    }

    /** A room publication one node positioned and handed to {@code handed} of its connections. */
    public static Published handedOut(Position position, int handed) {
        return new Published(Optional.of(position), OptionalInt.of(handed));
    }

    /** A room publication the cluster positioned; every node hands it out as it arrives. */
    public static Published positioned(Position position) {
        return new Published(Optional.of(position), OptionalInt.empty());
    }

    /** A frame to every connection of one node, handed to {@code handed} of them. */
    public static Published toAll(int handed) {
        return new Published(Optional.empty(), OptionalInt.of(handed));
    }

    /** A frame to every connection the cluster took; every node hands it out as it arrives. */
    public static Published toAllNodes() {
        return new Published(Optional.empty(), OptionalInt.empty());
    }
}
