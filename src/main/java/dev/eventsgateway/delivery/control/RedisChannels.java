package dev.eventsgateway.delivery.control;

import java.util.Optional;

/** Names in Redis: one channel and one sequence key per room, sharing the room as hash tag, and one for everyone. */
final class RedisChannels {

    static final String ALL = "eg:all";
    private static final String ROOM_PREFIX = "eg:{";
    private static final String ROOM_SUFFIX = "}";

    private RedisChannels() {
    }

    static String room(String room) {
        return ROOM_PREFIX + room + ROOM_SUFFIX;
    }

    static String sequence(String room) {
        return ROOM_PREFIX + room + ROOM_SUFFIX + ":seq";
    }

    /** The room a channel carries, or empty for the channel to everyone. */
    static Optional<String> roomOf(String channel) {
        if (channel.startsWith(ROOM_PREFIX) && channel.endsWith(ROOM_SUFFIX)) {
            return Optional.of(channel.substring(ROOM_PREFIX.length(), channel.length() - ROOM_SUFFIX.length()));
        }
        return Optional.empty();
    }
}
