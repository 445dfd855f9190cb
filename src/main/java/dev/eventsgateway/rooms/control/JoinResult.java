package dev.eventsgateway.rooms.control;

/** What a join did. */
public enum JoinResult {
    JOINED,
    ALREADY_MEMBER,
    TOO_MANY_ROOMS,
    /** The room does not exist yet and this node holds as many rooms as it may. */
    ROOM_LIMIT_REACHED,
    /** The connection closed before it could join; nobody was told. */
    CONNECTION_CLOSED
}
