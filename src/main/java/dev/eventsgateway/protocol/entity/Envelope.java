package dev.eventsgateway.protocol.entity;

import jakarta.json.bind.annotation.JsonbSubtype;
import jakarta.json.bind.annotation.JsonbTypeInfo;

/** A client frame, typed by its {@code event} key; {@code id} is read separately as a {@link RequestId}. */
@JsonbTypeInfo(key = "event", value = {
        @JsonbSubtype(alias = Envelope.MESSAGE, type = Envelope.Message.class),
        @JsonbSubtype(alias = Envelope.JOIN, type = Envelope.Join.class),
        @JsonbSubtype(alias = Envelope.LEAVE, type = Envelope.Leave.class),
        @JsonbSubtype(alias = Envelope.PING, type = Envelope.Ping.class),
        @JsonbSubtype(alias = Envelope.REFRESH, type = Envelope.Refresh.class),
        @JsonbSubtype(alias = Envelope.HISTORY, type = Envelope.History.class),
        @JsonbSubtype(alias = Envelope.PRESENCE, type = Envelope.PresenceQuery.class)})
public sealed interface Envelope {

    String MESSAGE = "message";
    String JOIN = "join";
    String LEAVE = "leave";
    String PING = "ping";
    String REFRESH = "refresh";
    String HISTORY = "history";
    String PRESENCE = "presence";

    /** Send {@code content} to a room, or to every other connection when {@code room} is null. */
    record Message(MessageData data) implements Envelope {
    }

    record MessageData(String content, String room) {
    }

    /** Join a room; with {@code since}, recover the room's publications after that position first. */
    record Join(JoinData data) implements Envelope {
    }

    record JoinData(String room, Since since) {
    }

    /** The position of the last publication of the room a client received, as it sends it back to recover. */
    record Since(String epoch, Long offset) {
    }

    record Leave(RoomData data) implements Envelope {
    }

    record RoomData(String room) {
    }

    /** Replaces the connection's token with a fresh one for the same user, before the old one expires. */
    record Refresh(TokenData data) implements Envelope {
    }

    record TokenData(String token) {
    }

    /** The latest publications of a room the connection is in; {@code limit} null for the default. */
    record History(HistoryData data) implements Envelope {
    }

    record HistoryData(String room, Integer limit) {
    }

    /** Who is in a room the connection is in: its users and their connection counts. */
    record PresenceQuery(RoomData data) implements Envelope {
    }

    /** Application heartbeat for clients that cannot see WebSocket pings. */
    record Ping() implements Envelope {
    }
}
