package dev.eventsgateway.ops.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eventsgateway.auth.entity.Caller;
import dev.eventsgateway.auth.entity.RoomGrants;
import dev.eventsgateway.auth.entity.TokenLifetime;
import dev.eventsgateway.connections.control.Connection;
import dev.eventsgateway.connections.control.ConnectionSettings;
import dev.eventsgateway.connections.control.FakeTransport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SendQueuesTest {

    private static final Instant EXPIRES = Instant.parse("2030-01-01T00:00:00Z");

    /** A connection whose peer never completes a send: the first frame stays in flight, the rest wait behind it. */
    private static Connection stalled(String id, int frames) {
        var settings = new ConnectionSettings(Duration.ofSeconds(25), 100, 100, 10, 20, 40);
        var caller = new Caller(id, RoomGrants.everyRoom(), Set.of(), EXPIRES);
        var connection = new Connection(id, caller, new TokenLifetime(EXPIRES, EXPIRES.minusSeconds(60), EXPIRES),
                new FakeTransport().holdCompletions(), settings, 0, closed -> { });
        for (int i = 0; i < frames; i++) {
            connection.send("{\"event\":\"tick\",\"data\":" + i + "}");
        }
        return connection;
    }

    @Test
    void addsUpTheFramesWaitingBehindEachSendInFlightAndFindsTheLongestQueue() {
        SendQueues queues = SendQueues.of(List.of(stalled("a", 4), stalled("b", 1), stalled("c", 7)));

        assertEquals(3 + 0 + 6, queues.queuedFrames());
        assertEquals(6, queues.longestQueue());
    }

    @Test
    void noConnectionsQueueNothing() {
        assertEquals(new SendQueues(0, 0), SendQueues.of(List.of()));
    }
}
