package dev.eventsgateway.messaging.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventsgateway.system.Gateway;
import dev.eventsgateway.system.GatewayExtension;
import dev.eventsgateway.system.ServerLog;
import dev.eventsgateway.system.TestClient;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** PROTOCOL.md sections 2 and 5: a client that keeps sending after RATE_LIMITED is closed with 4429, alone. */
@ExtendWith(GatewayExtension.class)
class FloodIT {

    private static final int MAX_FRAMES = 50_000;
    private static final Duration FLOOD_LIMIT = Duration.ofSeconds(20);

    @Test
    void clientFloodingAfterRateLimitedIsClosedWith4429WhileItsRoomCarriesOn(Gateway gateway) throws Exception {
        try (ServerLog log = ServerLog.capture(gateway);
             TestClient flooder = gateway.connected("flooder");
             TestClient alice = gateway.connected("flood-alice");
             TestClient bob = gateway.connected("flood-bob")) {
            for (TestClient client : new TestClient[] {flooder, alice, bob}) {
                assertTrue(client.join("flooded").getBoolean("success"));
            }

            int sent = flood(flooder);

            log.await(text -> text.contains("of user flooder keeps flooding after RATE_LIMITED"), TestClient.WAIT);
            try {
                TestClient.Close close = flooder.closed().get(TestClient.WAIT.toSeconds(), TimeUnit.SECONDS);
                assertEquals(4429, close.code(), "close " + close);
                assertEquals("rate limit abuse", close.reason());
            } catch (ExecutionException reset) {
                // The flooder was still writing when the server closed, so the server's TCP stack answered with a
                // reset that can overtake the close frame; the log line above is the server's word then.
                assertTrue(reset.getCause() instanceof java.io.IOException, reset.toString());
            }
            JsonObject limited = flooder.next(frame -> "error".equals(frame.getString("event")), TestClient.WAIT);
            assertEquals("RATE_LIMITED", limited.getJsonObject("data").getString("code"));
            assertTrue(limited.getJsonObject("data").getInt("retryAfterMs") > 0);
            JsonObject left = alice.next(frame -> "user:left".equals(frame.getString("event")), TestClient.WAIT);
            assertEquals("flooder", left.getJsonObject("data").getString("userId"));
            System.out.printf("flooder closed with 4429 after %d frames%n", sent);

            assertTrue(alice.say("still here", "flooded").getBoolean("success"));
            assertEquals("still here", bob.next("message").getJsonObject("data").getString("content"));
        }
    }

    /** Sends pings as fast as the socket takes them until the server closes the connection; returns how many. */
    private static int flood(TestClient flooder) {
        long deadline = System.nanoTime() + FLOOD_LIMIT.toNanos();
        int sent = 0;
        while (sent < MAX_FRAMES && System.nanoTime() < deadline && !flooder.closed().isDone()) {
            try {
                flooder.send("{\"event\":\"ping\"}");
                sent++;
            } catch (CompletionException | IllegalStateException closedMeanwhile) {
                break;
            }
        }
        return sent;
    }
}
