package dev.eventsgateway.protocol.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RosterTest {

    @Test
    void countsEachUsersConnectionsAndOrdersTheUsersById() {
        Roster roster = Roster.counting(List.of("carol", "alice", "bob", "alice", "carol", "alice"), 10);

        assertEquals(List.of(new UserConnections("alice", 3), new UserConnections("bob", 1),
                new UserConnections("carol", 2)), roster.users());
        assertFalse(roster.truncated());
    }

    @Test
    void keepsTheFirstUsersByIdAndSaysSoWhenThereAreMore() {
        Roster roster = Roster.counting(List.of("d", "c", "b", "a", "a"), 2);

        assertEquals(List.of(new UserConnections("a", 2), new UserConnections("b", 1)), roster.users());
        assertTrue(roster.truncated());
    }

    @Test
    void listsExactlyTheBoundWithoutTruncation() {
        Roster roster = Roster.counting(List.of("b", "a"), 2);

        assertEquals(2, roster.users().size());
        assertFalse(roster.truncated());
    }

    @Test
    void anEmptyRoomHasNoUsers() {
        assertEquals(new Roster(List.of(), false), Roster.counting(List.of(), Roster.MAX_USERS));
    }
}
