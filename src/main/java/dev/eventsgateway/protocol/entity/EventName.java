package dev.eventsgateway.protocol.entity;

/** The events the gateway itself sends; pushes from other beans may use any other name. */
public enum EventName {
    CONNECTED("connected"),
    MESSAGE("message"),
    USER_JOINED("user:joined"),
    USER_LEFT("user:left"),
    ACK("ack"),
    ERROR("error"),
    SERVER_STATS("server:stats");

    private final String wireName;

    EventName(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
