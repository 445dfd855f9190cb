package dev.eventsgateway.metrics.control;

/** How a WebSocket handshake ended, as the {@code outcome} label of the handshake counter. */
public enum HandshakeResult {
    ACCEPTED("accepted"),
    INVALID_CREDENTIALS("refused_4401"),
    FOREIGN_ORIGIN("refused_403"),
    AT_CAPACITY("refused_1013");

    private final String label;

    HandshakeResult(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
