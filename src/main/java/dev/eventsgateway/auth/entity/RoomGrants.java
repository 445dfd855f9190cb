package dev.eventsgateway.auth.entity;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The rooms a token's {@code rooms} claim grants: every room when the claim is absent, else exact names and prefixes. */
public record RoomGrants(boolean unrestricted, Set<String> exactNames, List<String> prefixes) {

    private static final RoomGrants EVERY_ROOM = new RoomGrants(true, Set.of(), List.of());

    public RoomGrants {
        exactNames = Set.copyOf(exactNames);
        prefixes = List.copyOf(prefixes);
    }

    public static RoomGrants everyRoom() {
        return EVERY_ROOM;
    }

    /** Entries ending in {@code *} are prefix patterns, the rest exact room names. */
    public static RoomGrants of(List<String> entries) {
        var exact = new HashSet<String>();
        var prefixes = new ArrayList<String>();
        for (String entry : entries) {
            if (entry.endsWith("*")) {
                prefixes.add(entry.substring(0, entry.length() - 1));
            } else {
                exact.add(entry);
            }
        }
        return new RoomGrants(false, exact, prefixes);
    }

    public boolean permits(String room) {
        if (unrestricted || exactNames.contains(room)) {
            return true;
        }
        for (String prefix : prefixes) {
            if (room.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
