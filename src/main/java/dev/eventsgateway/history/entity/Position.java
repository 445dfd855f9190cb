package dev.eventsgateway.history.entity;

import java.util.Objects;

/** A place in a room's history: the epoch naming that history and the offset of a publication in it (0: none yet). */
public record Position(String epoch, long offset) {

    /** Offsets stay JavaScript safe integers: 2^53 - 1. */
    public static final long MAX_OFFSET = 9_007_199_254_740_991L;
    public static final int MAX_EPOCH_LENGTH = 64;

    public Position {
        Objects.requireNonNull(epoch, "epoch");
        if (epoch.isEmpty() || epoch.length() > MAX_EPOCH_LENGTH) {
            throw new IllegalArgumentException("an epoch has 1 to " + MAX_EPOCH_LENGTH + " characters");
        }
        if (offset < 0 || offset > MAX_OFFSET) {
            throw new IllegalArgumentException("an offset lies between 0 and " + MAX_OFFSET);
        }
    }
}
