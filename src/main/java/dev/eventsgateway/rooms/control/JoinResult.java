package dev.eventsgateway.rooms.control;

/** What a join did. */
public enum JoinResult {
    JOINED,
    ALREADY_MEMBER,
    TOO_MANY_ROOMS
}
