package dev.eventsgateway.history.entity;

import java.util.Optional;

/**
 * Where a connection joined a room: the room's position at the moment it was added, from which on it receives the
 * publications live, and, for a join with {@code since}, whether the ones in between were recovered.
 */
public record Admission(Position position, Optional<RecoveryOutcome> recovery) {
}
