package dev.eventsgateway.protocol.entity;

/** The events the gateway itself sends; pushes from other beans may use any other name (see {@link #isReserved}). */
public enum EventName {
    CONNECTED("connected"),
    MESSAGE("message"),
    USER_JOINED("user:joined"),
    USER_LEFT("user:left"),
    ACK("ack"),
    ERROR("error"),
    SERVER_STATS("server:stats"),
    TOKEN_EXPIRING("token:expiring");

    private final String wireName;

    EventName(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Whether the name is one of the gateway's own events, which pushes from other beans may not use. */
    public static boolean isReserved(String name) {
        for (EventName event : values()) {
            if (event.wireName.equals(name)) {
                return true;
            }
        }
        return false;
    }
}
