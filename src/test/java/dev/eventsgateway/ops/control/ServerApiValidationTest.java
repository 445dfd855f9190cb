package dev.eventsgateway.ops.control;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eventsgateway.protocol.entity.Closure;
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
    void anOperatorsCloseDefaultsTo4000WithAFixedReason() {
        assertEquals(new Closure(4000, "disconnected by an operator"), ServerApi.operatorClosure(null, null));
        assertEquals(new Closure(1008, ""), ServerApi.operatorClosure(1008, ""));
        assertEquals(new Closure(4999, "é".repeat(61) + "x"), ServerApi.operatorClosure(4999, "é".repeat(61) + "x"));
    }

    @Test
    void closeCodesOutsideTheOperatorsRangeNameTheCodeField() {
        for (int code : new int[] {999, 1001, 1011, 3999, 5000, -1}) {
            assertEquals("code", assertThrows(InvalidInputException.class,
                    () -> ServerApi.operatorClosure(code, "bye")).field(), String.valueOf(code));
        }
    }

    @Test
    void reasonsOver123Utf8BytesNameTheReasonField() {
        assertEquals("reason", assertThrows(InvalidInputException.class,
                () -> ServerApi.operatorClosure(4000, "é".repeat(62))).field());
        assertEquals("reason", assertThrows(InvalidInputException.class,
                () -> ServerApi.operatorClosure(4000, "x".repeat(124))).field());
    }

    @Test
    void aPageSaysWhetherMoreWereLeftOut() {
        assertEquals(new Page<>(List.of(1, 2), true), Page.of(List.of(1, 2, 3), 2));
        assertEquals(new Page<>(List.of(1, 2), false), Page.of(List.of(1, 2), 2));
    }
}
