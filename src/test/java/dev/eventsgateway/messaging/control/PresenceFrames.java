package dev.eventsgateway.messaging.control;

/** The {@code user:joined} and {@code user:left} frames as the wire carries them, for assertions. */
final class PresenceFrames {

    private PresenceFrames() {
    }

    static String joined(String user, String room) {
        return "{\"event\":\"user:joined\",\"data\":{\"userId\":\"" + user + "\",\"room\":\"" + room + "\"}}";
    }

    static String left(String user, String room) {
        return "{\"event\":\"user:left\",\"data\":{\"userId\":\"" + user + "\",\"room\":\"" + room + "\"}}";
    }
}
