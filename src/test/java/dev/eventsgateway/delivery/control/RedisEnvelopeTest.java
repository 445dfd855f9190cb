package dev.eventsgateway.delivery.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RedisEnvelopeTest {

    @Test
    void aRoomPublicationCarriesItsOffsetEpochSendingTimeSenderAndFrameWithPipesInside() {
        String published = "42|k2x9|" + RedisEnvelope.outbound(1_700_000_000_123L, "conn-1", "{\"data\":\"a|b\"}");

        RedisEnvelope envelope = RedisEnvelope.sequenced(published);

        assertEquals(new RedisEnvelope(42, "k2x9", 1_700_000_000_123L, "conn-1", "{\"data\":\"a|b\"}"), envelope);
        assertTrue(envelope.positioned());
    }

    @Test
    void aRoomFrameThatIsNoPublicationHasNoPosition() {
        RedisEnvelope envelope = RedisEnvelope.sequenced("0||" + RedisEnvelope.outbound(7, "conn-2", "{}"));

        assertEquals(new RedisEnvelope(0, "", 7, "conn-2", "{}"), envelope);
        assertFalse(envelope.positioned());
    }

    @Test
    void aFrameWithoutExceptionHasAnEmptySender() {
        RedisEnvelope envelope = RedisEnvelope.unsequenced(RedisEnvelope.outbound(5, null, "{}"));

        assertEquals("", envelope.except());
        assertEquals("{}", envelope.frame());
        assertEquals(5, envelope.sentAtMillis());
    }

    @Test
    void refusesMessagesNoGatewayPublished() {
        assertThrows(RedisEnvelope.MalformedEnvelopeException.class, () -> RedisEnvelope.sequenced("hello"));
        assertThrows(RedisEnvelope.MalformedEnvelopeException.class, () -> RedisEnvelope.sequenced("x|y|z"));
        assertThrows(RedisEnvelope.MalformedEnvelopeException.class, () -> RedisEnvelope.sequenced("1|e|y|z|{}"));
        assertThrows(RedisEnvelope.MalformedEnvelopeException.class, () -> RedisEnvelope.sequenced("1|e"));
        assertThrows(RedisEnvelope.MalformedEnvelopeException.class, () -> RedisEnvelope.unsequenced("5|no-frame"));
        assertThrows(RedisEnvelope.MalformedEnvelopeException.class, () -> RedisEnvelope.unsequenced("no-sender"));
    }

    @Test
    void roomChannelsShareTheRoomAsHashTag() {
        assertEquals("eg:{chat}", RedisChannels.room("chat"));
        assertEquals("eg:{chat}:seq", RedisChannels.sequence("chat"));
        assertEquals("eg:{chat}:epoch", RedisChannels.epoch("chat"));
        assertEquals("eg:{chat}:log", RedisChannels.history("chat"));
        assertEquals("chat", RedisChannels.roomOf("eg:{chat}").orElseThrow());
        assertEquals(java.util.Optional.empty(), RedisChannels.roomOf(RedisChannels.ALL));
    }
}
