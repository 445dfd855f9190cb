package dev.eventsgateway.ops.control;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ServerApiValidationTest {

    @Test
    void eventNamesLikeTheRoomNamesPass() {
        assertDoesNotThrow(() -> ServerApi.requireEvent("order:shipped"));
        assertDoesNotThrow(() -> ServerApi.requireEvent("a".repeat(64)));
    }

    @Test
    void missingLongOrOddEventNamesNameTheEventField() {
        for (String event : new String[] {null, "", "a".repeat(65), "has space", "new\nline"}) {
            assertEquals("event", assertThrows(InvalidInputException.class,
                    () -> ServerApi.requireEvent(event)).field(), String.valueOf(event));
        }
    }

    @Test
    void invalidRoomsNameTheRoomField() {
        assertEquals("room", assertThrows(InvalidInputException.class, () -> ServerApi.requireRoom("a b")).field());
        assertEquals("room", assertThrows(InvalidInputException.class, () -> ServerApi.requireRoom(null)).field());
    }

    @Test
    void blankOrHugeUserIdsNameTheUserIdField() {
        assertEquals("userId", assertThrows(InvalidInputException.class,
                () -> ServerApi.requireUserId(" ")).field());
        assertEquals("userId", assertThrows(InvalidInputException.class,
                () -> ServerApi.requireUserId("u".repeat(257))).field());
    }

    @Test
    void aPageSaysWhetherMoreWereLeftOut() {
        assertEquals(new Page<>(List.of(1, 2), true), Page.of(List.of(1, 2, 3), 2));
        assertEquals(new Page<>(List.of(1, 2), false), Page.of(List.of(1, 2), 2));
    }
}
