package dev.eventsgateway.auth.entity;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/** The authenticated user behind a connection, as established by a verified token. */
public record Caller(String userId, RoomGrants rooms, Set<String> roles, Instant expiresAt) {

    public static final String ADMIN_ROLE = "admin";
    /** Rooms under this prefix are reserved for admins, whatever the {@code rooms} claim says. */
    public static final String RESERVED_PREFIX = "ops:";

    public Caller {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(rooms, "rooms");
        Objects.requireNonNull(expiresAt, "expiresAt");
        roles = Set.copyOf(roles);
    }

    public boolean isAdmin() {
        return roles.contains(ADMIN_ROLE);
    }

    /** Whether this caller may join and post to the room. */
    public boolean canAccess(String room) {
        if (room.startsWith(RESERVED_PREFIX) || isAdmin()) {
            return isAdmin();
        }
        return rooms.permits(room);
    }
}
