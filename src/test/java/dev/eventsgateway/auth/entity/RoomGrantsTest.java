package dev.eventsgateway.auth.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoomGrantsTest {

    @Test
    void everyRoomIsUnrestricted() {
        RoomGrants grants = RoomGrants.everyRoom();

        assertTrue(grants.unrestricted());
        assertTrue(grants.permits("anything"));
    }

    @Test
    void splitsEntriesIntoExactNamesAndPrefixes() {
        RoomGrants grants = RoomGrants.of(List.of("chat", "team-*", "lobby", "ops:*"));

        assertEquals(new RoomGrants(false, Set.of("chat", "lobby"), List.of("team-", "ops:")), grants);
    }

    @Test
    void anEmptyClaimPermitsNothing() {
        RoomGrants grants = RoomGrants.of(List.of());

        assertFalse(grants.unrestricted());
        assertFalse(grants.permits("chat"));
    }

    @Test
    void aLoneStarIsAPrefixOfEveryRoom() {
        RoomGrants grants = RoomGrants.of(List.of("*"));

        assertTrue(grants.permits("chat"));
        assertTrue(grants.permits("x"));
    }

    @Test
    void starOnlyCountsAtTheEnd() {
        RoomGrants grants = RoomGrants.of(List.of("*-blue"));

        assertFalse(grants.permits("team-blue"));
        assertTrue(grants.permits("*-blue"));
    }
}
