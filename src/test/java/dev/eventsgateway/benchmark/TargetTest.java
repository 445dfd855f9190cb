package dev.eventsgateway.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;

class TargetTest {

    private static final URI BASE = URI.create("http://127.0.0.1:8090");
    private static final String SECRET = "benchmark-secret-0123456789-abcdefghij";

    @Test
    void targetsAreNamedByTheirLabelsAndTheBareBaselineAlsoAsBaseline() {
        assertEquals(Target.GATEWAY, Target.named("gateway"));
        assertEquals(Target.BARE, Target.named("bare"));
        assertEquals(Target.BARE, Target.named("baseline"));
        assertEquals(Target.NODE, Target.named("NODE"));
        assertThrows(IllegalArgumentException.class, () -> Target.named("nestjs"));
    }

    @Test
    void theNodeReferenceIsReachedLikeTheGatewayWithATokenAndSpeaksItsClientFrames() {
        URI uri = Target.NODE.uri(BASE, SECRET, "alice", "chat", true);

        assertEquals("ws://127.0.0.1:8090/events", uri.getScheme() + "://" + uri.getAuthority() + uri.getPath());
        assertTrue(uri.getQuery().startsWith("token="), uri.toString());
        assertTrue(Target.NODE.awaitsConnected());
        assertTrue(Target.NODE.joinsByFrame());
        assertEquals(Target.GATEWAY.message("alice", "chat", 42, "", 7), Target.NODE.message("alice", "chat", 42, "", 7));
    }

    @Test
    void theBareBaselineIsReachedByRoomPathWithoutAToken() {
        assertEquals(URI.create("ws://127.0.0.1:8090/baseline/bare/chat?ack=1"),
                Target.BARE.uri(BASE, SECRET, "alice", "chat", true));
    }
}
