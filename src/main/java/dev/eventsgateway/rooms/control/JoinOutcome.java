package dev.eventsgateway.rooms.control;

import dev.eventsgateway.history.entity.Admission;
import dev.eventsgateway.history.entity.Position;
import java.util.Optional;

/** What a join did and, unless it was refused, where in the room's history the connection stands. */
public record JoinOutcome(JoinResult result, Optional<Admission> admission) {

    static JoinOutcome joined(Admission admission) {
        return new JoinOutcome(JoinResult.JOINED, Optional.of(admission));
    }

    static JoinOutcome alreadyMember(Position position) {
        return new JoinOutcome(JoinResult.ALREADY_MEMBER, Optional.of(new Admission(position, Optional.empty())));
    }

    public static JoinOutcome refused(JoinResult result) {
        return new JoinOutcome(result, Optional.empty());
    }
}
