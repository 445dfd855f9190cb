package dev.eventsgateway.connections.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventsgateway.system.Gateway;
import dev.eventsgateway.system.GatewayExtension;
import dev.eventsgateway.system.ServerSettings;
import dev.eventsgateway.system.TestClient;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** docs/protocol.md section 6: the server pings every heartbeat and closes connections silent for two intervals (4408). */
@ExtendWith(GatewayExtension.class)
class ConnectionSweeperIT {

    private static final Duration HEARTBEAT = Duration.ofMillis(ServerSettings.HEARTBEAT_MS);

    @Test
    void serverPingsEveryHeartbeat(Gateway gateway) {
        try (TestClient client = gateway.connected("heartbeat")) {
            long first = client.nextPing(HEARTBEAT.multipliedBy(3));
            long second = client.nextPing(HEARTBEAT.multipliedBy(3));
            long gapMs = TimeUnit.NANOSECONDS.toMillis(second - first);
            assertTrue(gapMs >= HEARTBEAT.toMillis() - 1100 && gapMs <= HEARTBEAT.toMillis() + 1500,
                    "pings about one heartbeat apart, got " + gapMs + " ms");
        }
    }

    @Test
    void answeringPingsKeepsAConnectionOpenBeyondTwoIntervals(Gateway gateway) {
        try (TestClient client = gateway.connected("lively")) {
            for (int i = 0; i < 3; i++) {
                client.nextPing(HEARTBEAT.multipliedBy(3));
            }
            assertTrue(client.join("still-here").getBoolean("success"));
        }
    }

    @Test
    void silentConnectionIsClosedAfterTwoIntervals(Gateway gateway) {
        try (TestClient watcher = gateway.connected("watcher"); TestClient silent = gateway.connected("silent")) {
            watcher.join("silence");
            silent.join("silence");
            silent.pause();
            long pausedAt = System.nanoTime();
            var left = watcher.next(frame -> "user:left".equals(frame.getString("event")), HEARTBEAT.multipliedBy(5));
            long silentMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - pausedAt);
            assertEquals("silent", left.getJsonObject("data").getString("userId"));
            assertTrue(silentMs >= 2 * HEARTBEAT.toMillis() - 1000, "closed only after two intervals, took " + silentMs);

            silent.resume();
            TestClient.Close close = silent.awaitClose();
            assertEquals(4408, close.code());
            assertEquals("heartbeat timeout", close.reason());
        }
    }
}
