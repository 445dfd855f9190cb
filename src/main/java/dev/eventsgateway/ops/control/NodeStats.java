package dev.eventsgateway.ops.control;

import java.util.List;

/**
 * One node's part of the cluster's stats: counts that add up across nodes, and the ids of its users and the names of
 * its rooms, which do not (a user or a room may be on several nodes) and are counted once each by the asker.
 */
record NodeStats(int connections, long messages, long deliveries, List<String> users, List<String> rooms) {

    NodeStats {
        users = List.copyOf(users);
        rooms = List.copyOf(rooms);
    }
}
