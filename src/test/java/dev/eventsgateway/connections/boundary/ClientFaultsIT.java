package dev.eventsgateway.connections.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventsgateway.system.Gateway;
import dev.eventsgateway.system.GatewayExtension;
import dev.eventsgateway.system.RawWebSocket;
import dev.eventsgateway.system.ServerSettings;
import dev.eventsgateway.system.TestClient;
import dev.eventsgateway.system.Tokens;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Clients that vanish rudely: the server releases them and their rooms carry on. */
@ExtendWith(GatewayExtension.class)
class ClientFaultsIT {

    /** A release that waited for the heartbeat would take two intervals; a reset must be noticed before that. */
    private static final Duration PROMPTLY = Duration.ofMillis(2 * ServerSettings.HEARTBEAT_MS);

    @Test
    void tcpResetIsNoticedBeforeTheHeartbeatWouldBe(Gateway gateway) throws Exception {
        try (TestClient watcher = gateway.connected("reset-watcher")) {
            watcher.join("reset-room");
            RawWebSocket rude = RawWebSocket.connect(gateway.baseUri(), Tokens.forUser("resetter").sign());
            rude.sendText("{\"event\":\"join\",\"id\":1,\"data\":{\"room\":\"reset-room\"}}");
            rude.readUntil("\"success\":true");
            watcher.next("user:joined");

            long resetAt = System.nanoTime();
            rude.reset();

            JsonObject left = watcher.next(frame -> "user:left".equals(frame.getString("event")), PROMPTLY);
            assertEquals("resetter", left.getJsonObject("data").getString("userId"));
            System.out.printf("TCP reset noticed after %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - resetAt));
            assertTrue(watcher.say("carry on", "reset-room").getBoolean("success"));
        }
    }

    @Test
    void clientVanishingInTheMiddleOfAFrameIsReleased(Gateway gateway) throws Exception {
        try (TestClient watcher = gateway.connected("midframe-watcher")) {
            watcher.join("midframe-room");
            RawWebSocket rude = RawWebSocket.connect(gateway.baseUri(), Tokens.forUser("midframe").sign());
            rude.sendText("{\"event\":\"join\",\"id\":1,\"data\":{\"room\":\"midframe-room\"}}");
            rude.readUntil("\"success\":true");
            watcher.next("user:joined");

            rude.sendTruncated("{\"event\":\"message\",\"data\":{\"room\":\"midframe-room\",\"content\":\"half", 500);
            rude.reset();

            JsonObject left = watcher.next(frame -> "user:left".equals(frame.getString("event")), PROMPTLY);
            assertEquals("midframe", left.getJsonObject("data").getString("userId"));
            assertTrue(watcher.say("carry on", "midframe-room").getBoolean("success"));
            assertEquals("carry on", watcher.next("message").getJsonObject("data").getString("content"),
                    "no half message was delivered before it");
        }
    }

    @Test
    void clientVanishingWhileTheServerSendsToItIsReleased(Gateway gateway) throws Exception {
        try (TestClient talker = gateway.connected("busy-talker"); TestClient listener = gateway.connected("busy-listener")) {
            talker.join("busy-room");
            listener.join("busy-room");
            RawWebSocket rude = RawWebSocket.connect(gateway.baseUri(), Tokens.forUser("vanisher").sign());
            rude.sendText("{\"event\":\"join\",\"id\":1,\"data\":{\"room\":\"busy-room\"}}");
            rude.readUntil("\"success\":true");
            listener.next("user:joined");
            var stop = new AtomicBoolean();
            var talking = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 30 && !stop.get(); i++) {
                    assertTrue(talker.say("x".repeat(900) + i, "busy-room").getBoolean("success"));
                }
            });

            listener.next("message");
            rude.reset();

            JsonObject left = listener.next(frame -> "user:left".equals(frame.getString("event")), PROMPTLY);
            assertEquals("vanisher", left.getJsonObject("data").getString("userId"));
            talking.get(30, TimeUnit.SECONDS);
            for (int i = 1; i < 30; i++) {
                listener.next("message");
            }
            stop.set(true);
        }
    }
}
