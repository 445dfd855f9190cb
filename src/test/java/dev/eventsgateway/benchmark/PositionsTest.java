package dev.eventsgateway.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PositionsTest {

    private static final String PUBLICATION = "{\"event\":\"message\",\"data\":{\"senderId\":\"p\",\"content\":\"t=1;x\","
            + "\"room\":\"r\",\"timestamp\":\"2026-11-28T19:30:00.123Z\"},\"room\":\"r\",\"epoch\":\"k2x9q4ra\",\"offset\":42}";
    private static final String ACK = "{\"event\":\"ack\",\"id\":12,\"data\":{\"success\":true,\"room\":\"chat\","
            + "\"epoch\":\"p0w7n3ve\",\"offset\":4,\"recovered\":false,\"reason\":\"epoch_changed\"}}";

    @Test
    void readsThePositionOfAPublicationAndOfAnAck() {
        assertEquals(42, Positions.offset(PUBLICATION));
        assertEquals("k2x9q4ra", Positions.epoch(PUBLICATION));
        assertEquals(4, Positions.offset(ACK));
        assertEquals("p0w7n3ve", Positions.epoch(ACK));
        assertFalse(Positions.recovered(ACK));
        assertTrue(Positions.recovered(ACK.replace("\"recovered\":false", "\"recovered\":true")));
    }

    @Test
    void aFrameWithoutPositionHasNone() {
        assertEquals(-1, Positions.offset("{\"event\":\"ack\",\"id\":1,\"data\":{\"success\":true}}"));
        assertNull(Positions.epoch("{\"event\":\"ack\"}"));
    }

    @Test
    void aRecoveryMustHoldEveryOffsetAfterSinceOnceInOrder() {
        assertNull(Positions.gapOrDisorder(List.of(8L, 9L, 10L), 7, 3));
        assertEquals("frame 2 has offset 10, expected 9", Positions.gapOrDisorder(List.of(8L, 10L, 9L), 7, 3));
        assertEquals("frame 3 has offset 9, expected 10", Positions.gapOrDisorder(List.of(8L, 9L, 9L), 7, 3));
        assertEquals("2 frames, expected 3", Positions.gapOrDisorder(List.of(8L, 9L), 7, 3));
    }
}
