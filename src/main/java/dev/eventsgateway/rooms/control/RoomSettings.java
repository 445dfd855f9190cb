package dev.eventsgateway.rooms.control;

import dev.eventsgateway.configuration.Environment;

/** How many rooms one connection may be in at once, and how many rooms this node holds at most. */
public record RoomSettings(int maxRoomsPerConnection, int maxRooms) {

    public static final String MAX_ROOMS_PER_CONNECTION = "EVENTS_MAX_ROOMS_PER_CONNECTION";
    public static final String MAX_ROOMS = "EVENTS_MAX_ROOMS";

    public static RoomSettings fromEnvironment() {
        return from(Environment.system());
    }

    public static RoomSettings from(Environment env) {
        return new RoomSettings(env.integer(MAX_ROOMS_PER_CONNECTION, 100, 1, 100_000),
                // Each room costs a map entry and a member set (~200 bytes empty): 100 000 rooms stay under 20 MiB.
                env.integer(MAX_ROOMS, 100_000, 1, 10_000_000));
    }

    public String describe() {
        return "maxRoomsPerConnection=" + maxRoomsPerConnection + ", maxRooms=" + maxRooms;
    }
}
