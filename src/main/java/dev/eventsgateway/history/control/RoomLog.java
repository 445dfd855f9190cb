package dev.eventsgateway.history.control;

import java.util.ArrayDeque;

/**
 * One room's history state: its epoch, the offset of its latest publication and the publications held, oldest first.
 * Guarded by its own monitor, which is the room's critical section.
 */
final class RoomLog {

    /** A publication held, as members received it. */
    record Held(long offset, String frame, long publishedAtMillis, long bytes) {
    }

    final String room;
    final ArrayDeque<Held> held = new ArrayDeque<>();
    String epoch;
    long offset;
    long bytes;
    /** When the room last published, gained a member, or was seen with members by a sweep. */
    long lastActiveMillis;
    /** Created by a join that was then refused, and used by nothing else since. */
    boolean fresh = true;
    /** Taken out of the map: whoever still holds it must look the room up again. */
    boolean dropped;

    RoomLog(String room, String epoch, long nowMillis) {
        this.room = room;
        this.epoch = epoch;
        this.lastActiveMillis = nowMillis;
    }
}
