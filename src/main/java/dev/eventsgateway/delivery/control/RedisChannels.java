package dev.eventsgateway.delivery.control;

import java.util.Optional;

/**
 * Names in Redis: per room one channel, its sequence (the offset of its latest publication), its epoch and its history
 * stream, all sharing the room as hash tag so that one script may touch them together; and one channel for everyone.
 */
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

    static String epoch(String room) {
        return ROOM_PREFIX + room + ROOM_SUFFIX + ":epoch";
    }

    static String history(String room) {
        return ROOM_PREFIX + room + ROOM_SUFFIX + ":log";
    }

    /** The keys of a room's scripts, in the order they name them: sequence, epoch, history. */
    static String[] keys(String room) {
        return new String[] {sequence(room), epoch(room), history(room)};
    }

    /** The room a channel carries, or empty for the channel to everyone. */
    static Optional<String> roomOf(String channel) {
        if (channel.startsWith(ROOM_PREFIX) && channel.endsWith(ROOM_SUFFIX)) {
            return Optional.of(channel.substring(ROOM_PREFIX.length(), channel.length() - ROOM_SUFFIX.length()));
        }
        return Optional.empty();
    }
}
