package dev.eventsgateway.protocol.entity;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/** Data of {@code user:joined} and {@code user:left}. */
@JsonbPropertyOrder({"userId", "room"})
public record Presence(String userId, String room) {
}
