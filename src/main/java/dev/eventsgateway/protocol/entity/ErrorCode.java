package dev.eventsgateway.protocol.entity;

/** Why a client frame failed, as sent in {@code error} frames and failed acks. */
public enum ErrorCode {
    BAD_REQUEST,
    UNKNOWN_EVENT,
    MESSAGE_TOO_LONG,
    CONTENT_REJECTED,
    INVALID_ROOM,
    FORBIDDEN,
    NOT_IN_ROOM,
    TOO_MANY_ROOMS,
    ROOM_LIMIT_REACHED,
    RATE_LIMITED,
    INVALID_TOKEN,
    UNAVAILABLE,
    INTERNAL
}
