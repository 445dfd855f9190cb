package dev.eventsgateway.protocol.entity;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Who is in a room: its users ordered by id, each with its connection count, at most a bound of them. */
public record Roster(List<UserConnections> users, boolean truncated) {

    /** The most users one answer lists. */
    public static final int MAX_USERS = 1000;

    public Roster {
        users = List.copyOf(users);
    }

    /** Counts the members' user ids (one per connection), keeping the first {@code limit} users by id. */
    public static Roster counting(Collection<String> userIdPerConnection, int limit) {
        TreeMap<String, Integer> counts = new TreeMap<>();
        for (String userId : userIdPerConnection) {
            counts.merge(userId, 1, Integer::sum);
        }
        List<UserConnections> users = new ArrayList<>(Math.min(limit, counts.size()));
        for (Map.Entry<String, Integer> user : counts.entrySet()) {
            if (users.size() == limit) {
                return new Roster(users, true);
            }
            users.add(new UserConnections(user.getKey(), user.getValue()));
        }
        return new Roster(users, false);
    }
}
