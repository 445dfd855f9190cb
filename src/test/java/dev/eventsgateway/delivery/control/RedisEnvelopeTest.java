package dev.eventsgateway.delivery.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RedisEnvelopeTest {

    @Test
    void aRoomMessageCarriesItsSequenceSendingTimeSenderAndFrameWithPipesInside() {
        String published = "42|" + RedisEnvelope.outbound(1_700_000_000_123L, "conn-1", "{\"data\":\"a|b\"}");

        RedisEnvelope envelope = RedisEnvelope.sequenced(published);

        assertEquals(new RedisEnvelope(42, 1_700_000_000_123L, "conn-1", "{\"data\":\"a|b\"}"), envelope);
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
        assertThrows(RedisEnvelope.MalformedEnvelopeException.class, () -> RedisEnvelope.sequenced("1|y|z|{}"));
        assertThrows(RedisEnvelope.MalformedEnvelopeException.class, () -> RedisEnvelope.unsequenced("5|no-frame"));
        assertThrows(RedisEnvelope.MalformedEnvelopeException.class, () -> RedisEnvelope.unsequenced("no-sender"));
    }

    @Test
    void roomChannelsShareTheRoomAsHashTag() {
        assertEquals("eg:{chat}", RedisChannels.room("chat"));
        assertEquals("eg:{chat}:seq", RedisChannels.sequence("chat"));
        assertEquals("chat", RedisChannels.roomOf("eg:{chat}").orElseThrow());
        assertEquals(java.util.Optional.empty(), RedisChannels.roomOf(RedisChannels.ALL));
    }
}
