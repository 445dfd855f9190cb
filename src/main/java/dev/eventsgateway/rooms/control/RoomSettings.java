package dev.eventsgateway.rooms.control;

import dev.eventsgateway.configuration.Environment;

/** How many rooms one connection may be in at once. */
public record RoomSettings(int maxRoomsPerConnection) {

    public static final String MAX_ROOMS_PER_CONNECTION = "EVENTS_MAX_ROOMS_PER_CONNECTION";

    public static RoomSettings fromEnvironment() {
        return from(Environment.system());
    }

    public static RoomSettings from(Environment env) {
        return new RoomSettings(env.integer(MAX_ROOMS_PER_CONNECTION, 100, 1, 100_000));
    }
}
