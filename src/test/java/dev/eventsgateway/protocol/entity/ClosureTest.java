package dev.eventsgateway.protocol.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ClosureTest {

    @Test
    void eachOfTheGatewaysCodesIsFoundAgainFromItsClosure() {
        for (CloseCode code : CloseCode.values()) {
            assertEquals(code, CloseCode.of(code.closure()).orElseThrow());
        }
    }

    @Test
    void anotherReasonForOneOfTheGatewaysCodesIsNotTheGatewaysClose() {
        assertTrue(CloseCode.of(new Closure(4401, "go away")).isEmpty());
    }

    @Test
    void aReasonMustFitTheCloseFrame() {
        assertEquals(123, new Closure(4000, "x".repeat(123)).reason().length());
        assertThrows(IllegalArgumentException.class, () -> new Closure(4000, "x".repeat(124)));
        assertThrows(IllegalArgumentException.class, () -> new Closure(5000, ""));
    }
}
