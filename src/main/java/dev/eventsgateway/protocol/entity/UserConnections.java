package dev.eventsgateway.protocol.entity;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/** One user of a room's presence and how many of its connections are in the room. */
@JsonbPropertyOrder({"userId", "connections"})
public record UserConnections(String userId, int connections) {
}
