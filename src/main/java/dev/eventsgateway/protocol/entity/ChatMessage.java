package dev.eventsgateway.protocol.entity;

import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

/** Data of an outbound {@code message}; {@code room} is written as null for a message to everyone. */
@JsonbNillable
@JsonbPropertyOrder({"senderId", "content", "room", "timestamp"})
public record ChatMessage(String senderId, String content, String room, String timestamp) {
}
