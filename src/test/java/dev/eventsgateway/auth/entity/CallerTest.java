package dev.eventsgateway.auth.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallerTest {

    private static final Instant EXPIRY = Instant.parse("2030-01-01T00:00:00Z");

    private static Caller caller(RoomGrants rooms, String... roles) {
        return new Caller("alice", rooms, Set.of(roles), EXPIRY);
    }

    @Test
    void withoutARoomsClaimMayUseEveryOrdinaryRoom() {
        Caller caller = caller(RoomGrants.everyRoom());

        assertTrue(caller.canAccess("chat"));
        assertTrue(caller.canAccess("team-blue"));
        assertFalse(caller.isAdmin());
    }

    @Test
    void mayUseTheExactRoomsOfItsClaim() {
        Caller caller = caller(RoomGrants.of(List.of("chat", "lobby")));

        assertTrue(caller.canAccess("chat"));
        assertTrue(caller.canAccess("lobby"));
        assertFalse(caller.canAccess("chat2"));
        assertFalse(caller.canAccess("Chat"));
        assertFalse(caller.canAccess("cha"));
    }

    @Test
    void mayUseTheRoomsOfAPrefixPattern() {
        Caller caller = caller(RoomGrants.of(List.of("team-*")));

        assertTrue(caller.canAccess("team-blue"));
        assertTrue(caller.canAccess("team-"));
        assertFalse(caller.canAccess("team"));
        assertFalse(caller.canAccess("teams"));
        assertFalse(caller.canAccess("my-team-blue"));
    }

    @Test
    void opsRoomsAreForAdminsOnlyWhateverTheRoomsClaimSays() {
        assertFalse(caller(RoomGrants.everyRoom()).canAccess("ops:stats"));
        assertFalse(caller(RoomGrants.of(List.of("ops:stats"))).canAccess("ops:stats"));
        assertFalse(caller(RoomGrants.of(List.of("ops:*"))).canAccess("ops:stats"));
        assertFalse(caller(RoomGrants.of(List.of("*"))).canAccess("ops:stats"));
        assertFalse(caller(RoomGrants.everyRoom(), "operator").canAccess("ops:stats"));
    }

    @Test
    void adminMayJoinEveryRoomWhateverTheRoomsClaimSays() {
        Caller admin = caller(RoomGrants.of(List.of()), "admin");

        assertTrue(admin.isAdmin());
        assertTrue(admin.canAccess("ops:stats"));
        assertTrue(admin.canAccess("chat"));
        assertTrue(admin.canAccess("team-blue"));
    }

    @Test
    void roleNamesAreCaseSensitive() {
        assertFalse(caller(RoomGrants.everyRoom(), "Admin").isAdmin());
        assertFalse(caller(RoomGrants.everyRoom(), "ADMIN").canAccess("ops:stats"));
    }

    @Test
    void rolesAreCopied() {
        Set<String> roles = new HashSet<>(Set.of("user"));
        Caller caller = new Caller("alice", RoomGrants.everyRoom(), roles, EXPIRY);

        roles.add("admin");

        assertEquals(Set.of("user"), caller.roles());
        assertFalse(caller.isAdmin());
    }

    @Test
    void refusesMissingParts() {
        assertThrows(NullPointerException.class, () -> new Caller(null, RoomGrants.everyRoom(), Set.of(), EXPIRY));
        assertThrows(NullPointerException.class, () -> new Caller("alice", null, Set.of(), EXPIRY));
        assertThrows(NullPointerException.class, () -> new Caller("alice", RoomGrants.everyRoom(), Set.of(), null));
    }
}
