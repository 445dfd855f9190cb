package dev.eventsgateway.delivery.control;

import java.util.Optional;

/**
 * Names in Redis: per room one channel, its sequence (the offset of its latest publication), its epoch, its history
 * stream and its presence, all sharing the room as hash tag so that one script may touch them together and a Redis
 * Cluster keeps them, and the room's sharded channel, on one shard; one channel for everyone; per user its connections
 * on every node; per node its liveness and what it wrote to the presences and user counts, sharing the node's id as
 * hash tag.
 */
final class RedisChannels {

    static final String ALL = "eg:all";
    /** The ids of the nodes that announced themselves; each is alive while its key {@link #node} exists. */
    static final String NODES = "eg:nodes";
    /** Requests to every node (see {@link RedisNodeRequests}). */
    static final String OPS_REQUESTS = "eg:ops:requests";
    private static final String ROOM_PREFIX = "eg:{";
    private static final String ROOM_SUFFIX = "}";
    private static final String NODE_PREFIX = "eg:node:{";

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

    /** The room's presence: field {@code <node>|<connection>}, value the connection's user id. */
    static String presence(String room) {
        return ROOM_PREFIX + room + ROOM_SUFFIX + ":presence";
    }

    /** Where the answers to a node's requests go. */
    static String opsReplies(String node) {
        return "eg:ops:replies:" + node;
    }

    /** A lease one node holds at a time, its value the holder's id. */
    static String lease(String name) {
        return "eg:lease:" + name;
    }

    /** A node's liveness: it exists while the node renews it. */
    static String node(String node) {
        return NODE_PREFIX + node + "}";
    }

    /** What a node wrote to presences, {@code <room>|<connection>|<user>} each, so that it can be taken back. */
    static String nodeMembers(String node) {
        return NODE_PREFIX + node + "}:members";
    }

    /** Held by the survivor taking a dead node's entries back, for as long as that may take. */
    static String nodeReclaim(String node) {
        return NODE_PREFIX + node + "}:reclaim";
    }

    /** A user's connections on every node, {@code <node>|<connection>} each. */
    static String userConnections(String userId) {
        return "eg:user:{" + userId + "}:connections";
    }

    /** The connections a node counted for their users, {@code <connection>|<user>} each, to be taken back. */
    static String nodeConnections(String node) {
        return NODE_PREFIX + node + "}:connections";
    }

    /** A presence field: the node holding the connection, and the connection. */
    static String presenceField(String node, String connection) {
        return node + "|" + connection;
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
