package dev.eventsgateway.delivery.control;

/** A membership of a connection on a node found dead, taken back from the room's presence: its room and user. */
public record Departure(String room, String userId) {
}
