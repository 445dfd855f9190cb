package dev.eventsgateway.messaging.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventsgateway.system.Gateway;
import dev.eventsgateway.system.GatewayExtension;
import dev.eventsgateway.system.ServerLog;
import dev.eventsgateway.system.ServerSettings;
import dev.eventsgateway.system.TestClient;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** docs/protocol.md sections 5 and 9: a client that keeps sending after RATE_LIMITED is closed with 4429, alone. */
@ExtendWith(GatewayExtension.class)
class FloodIT {

    private static final int TICK_MILLIS = 50;
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

    /**
     * Sends pings at six times the rate limit, a pace whose error replies the client reads easily (so it is never a
     * slow consumer), until the server closes the connection; returns how many were sent.
     */
    private static int flood(TestClient flooder) throws InterruptedException {
        int perTick = 6 * ServerSettings.RATE_PER_SECOND / (1000 / TICK_MILLIS);
        var sent = new AtomicInteger();
        var pacer = Executors.newSingleThreadScheduledExecutor();
        try {
            pacer.scheduleAtFixedRate(() -> {
                for (int i = 0; i < perTick && !flooder.closed().isDone(); i++) {
                    flooder.send("{\"event\":\"ping\"}");
                    sent.incrementAndGet();
                }
            }, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
            // The sender stops by itself when a send fails on the closed connection; the close is what we wait for.
            flooder.closed().handle((close, failure) -> null).get(FLOOD_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the flooder was not closed within " + FLOOD_LIMIT, e);
        } finally {
            pacer.shutdownNow();
            pacer.awaitTermination(5, TimeUnit.SECONDS);
        }
        return sent.get();
    }
}
