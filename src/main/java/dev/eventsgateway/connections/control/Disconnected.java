package dev.eventsgateway.connections.control;

/**
 * The CDI event of a disconnect: the connection is closed and its slot free; observers take it out of its rooms,
 * telling the other members when {@code announce} (not on shutdown, when everyone is leaving at once).
 */
public record Disconnected(Connection connection, boolean announce) {
}
