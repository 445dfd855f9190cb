package dev.eventsgateway.ops.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.eventsgateway.system.Gateway;
import dev.eventsgateway.system.GatewayExtension;
import dev.eventsgateway.system.GatewayLauncher;
import dev.eventsgateway.system.RawHandshake;
import dev.eventsgateway.system.TestClient;
import dev.eventsgateway.system.Tokens;
import jakarta.json.JsonObject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code /ops/metrics} is valid Prometheus text, and its counters move by exactly the traffic a client makes. */
@ExtendWith(GatewayExtension.class)
class MetricsIT {

    private static final String ROOM = "metrics-room";
    private static final int FLOOD = 30;
    private static final String HANDSHAKES = "events_gateway_handshake_duration_seconds";
    private static final String FANOUTS = "events_gateway_fanout_duration_seconds";

    @Test
    void expositionPassesPromtoolCheck(Gateway gateway) {
        assumeTrue(gateway.hasServletContainer(), "the metrics endpoint is a servlet");
        assumeTrue(Promtool.available(), "promtool is not installed (Debian package prometheus): cannot check the "
                + "exposition format");
        OpsHttp.Answer answer = OpsHttp.get(gateway.baseUri(), "/ops/metrics");
        assertEquals(200, answer.status(), answer.body());
        assertTrue(answer.contentType().startsWith("text/plain; version=0.0.4"), answer.contentType());
        assertEquals("", Promtool.check(answer.body()));
    }

    @Test
    void countersMoveByExactlyTheTrafficSent(GatewayLauncher launcher) {
        assumeTrue(launcher.canLaunch(), "needs a quiet server of its own");
        try (var server = launcher.launch(Map.of("EVENTS_MAX_CONNECTIONS_PER_USER", "2",
                "EVENTS_RATE_LIMIT_PER_SECOND", "1", "EVENTS_RATE_LIMIT_BURST", "20"))) {
            Gateway gateway = server.gateway();
            // The launcher's own readiness probe may still be on its way out.
            Scrape start = await(gateway, "events_gateway_connections_open", 0);

            TestClient alice = gateway.connected("alice");
            TestClient bob = gateway.connected("bob");
            TestClient aliceAgain = gateway.connected("alice");
            assertEquals(1013, gateway.connect(Tokens.forUser("alice").sign()).awaitClose().code());
            assertEquals(4401, gateway.connect("not-a-token").awaitClose().code());
            assertEquals(403, RawHandshake.status(gateway.baseUri(), "http://evil.example",
                    Tokens.forUser("mallory").sign()));
            Scrape connected = scrape(gateway);
            assertEquals(3, connected.since(start, "events_gateway_handshakes_total{outcome=\"accepted\"}"));
            assertEquals(1, connected.since(start, "events_gateway_handshakes_total{outcome=\"refused_1013\"}"));
            assertEquals(1, connected.since(start, "events_gateway_handshakes_total{outcome=\"refused_4401\"}"));
            assertEquals(1, connected.since(start, "events_gateway_handshakes_total{outcome=\"refused_403\"}"));
            assertEquals(3, connected.value("events_gateway_connections_open"));
            assertEquals(2, connected.value("events_gateway_users_connected"));
            assertEquals(0, connected.since(start, "events_gateway_connections_closed_total"),
                    "refused handshakes never become connections");
            assertEquals(3, connected.since(start, HANDSHAKES + "_count"), "accepted handshakes only are timed");
            assertPositive(connected.decimalSince(start, HANDSHAKES + "_sum"));
            assertCumulative(connected, HANDSHAKES);
            assertEquals(0, connected.since(start, "events_gateway_jwks_fetches_total"), "an HS256 secret needs none");
            assertEquals(0, connected.since(start, "events_gateway_jwks_fetch_failures_total"));

            alice.join(ROOM);
            bob.join(ROOM);
            alice.next("user:joined");
            Scrape joined = scrape(gateway);
            assertEquals(2, joined.since(connected, "events_gateway_inbound_frames_total{event=\"join\"}"));
            assertEquals(1, joined.value("events_gateway_rooms"));
            assertEquals(2, joined.value("events_gateway_room_memberships"));

            alice.say("hello metrics", ROOM);
            JsonObject message = bob.next("message");
            alice.next("message");
            Scrape said = scrape(gateway);
            assertEquals(1, said.since(joined, "events_gateway_inbound_frames_total{event=\"message\"}"));
            assertEquals(1, said.since(joined, "events_gateway_fanouts_total"));
            assertEquals(2, said.since(joined, "events_gateway_deliveries_total"), "alice and bob");
            assertEquals(2L * message.toString().getBytes(StandardCharsets.UTF_8).length,
                    said.since(joined, "events_gateway_delivered_bytes_total"));
            assertEquals(1, said.since(joined, FANOUTS + "_count"));
            assertPositive(said.decimalSince(joined, FANOUTS + "_sum"));
            assertCumulative(said, FANOUTS);
            // Both clients read the message; its queue entries go once the server's sends complete.
            Scrape drained = await(gateway, "events_gateway_send_queue_frames", 0);
            assertEquals(0, drained.value("events_gateway_send_queue_max_frames"));

            alice.send("this is not json");
            assertEquals("BAD_REQUEST", alice.next("error").getJsonObject("data").getString("code"));
            Scrape malformed = scrape(gateway);
            assertEquals(1, malformed.since(said, "events_gateway_inbound_frames_total{event=\"malformed\"}"));
            assertEquals(1, malformed.since(said, "events_gateway_errors_total{code=\"BAD_REQUEST\"}"));

            int limited = flood(aliceAgain);
            Scrape flooded = scrape(gateway);
            assertTrue(limited > 0, "a burst of 20 at 1/s must refuse some of " + FLOOD + " pings");
            assertEquals(FLOOD, flooded.since(malformed, "events_gateway_inbound_frames_total{event=\"ping\"}"));
            assertEquals(limited, flooded.since(malformed, "events_gateway_rate_limited_frames_total"));
            assertEquals(limited, flooded.since(malformed, "events_gateway_errors_total{code=\"RATE_LIMITED\"}"));

            bob.sendBinary(new byte[] {1, 2, 3});
            assertEquals(1003, bob.awaitClose().code());
            alice.close();
            await(gateway, "events_gateway_connections_open", 1);
            // Departures leave their rooms on a managed thread, just after the connection is gone.
            Scrape closed = await(gateway, "events_gateway_rooms", 0);
            assertEquals(2, closed.since(flooded, "events_gateway_connections_closed_total"), "bob's and alice's");
            assertEquals(1, closed.since(flooded, "events_gateway_server_closes_total{code=\"1003\"}"));
            assertEquals(0, closed.since(flooded, "events_gateway_server_closes_total{code=\"1000\"}"),
                    "alice closed herself");
            assertEquals(0, closed.value("events_gateway_room_memberships"));
            assertEquals(closed.since(start, "events_gateway_fanouts_total"), closed.since(start, FANOUTS + "_count"),
                    "every fan-out is timed once, departures' announcements included");
            assertEquals(3, closed.since(start, HANDSHAKES + "_count"));
            assertCumulative(closed, FANOUTS);
            aliceAgain.close();
        }
    }

    /** Sends pings without ids as fast as it can; returns how many were answered RATE_LIMITED. */
    private static int flood(TestClient client) {
        for (int i = 0; i < FLOOD; i++) {
            client.send("{\"event\":\"ping\"}");
        }
        int limited = 0;
        for (int i = 0; i < FLOOD; i++) {
            JsonObject reply = client.next(frame -> "ack".equals(frame.getString("event"))
                    || "error".equals(frame.getString("event")), TestClient.WAIT);
            if ("error".equals(reply.getString("event"))) {
                assertEquals("RATE_LIMITED", reply.getJsonObject("data").getString("code"));
                limited++;
            }
        }
        return limited;
    }

    private static void assertPositive(BigDecimal value) {
        assertTrue(value.signum() > 0, "expected more than 0, was " + value);
    }

    /** Each bucket holds at least as many as the one before, and the last ({@code +Inf}) holds the count. */
    private static void assertCumulative(Scrape scrape, String histogram) {
        List<Long> buckets = scrape.buckets(histogram);
        assertTrue(buckets.size() > 1, histogram + " has buckets");
        for (int i = 1; i < buckets.size(); i++) {
            assertTrue(buckets.get(i) >= buckets.get(i - 1), histogram + " buckets " + buckets);
        }
        assertEquals(scrape.value(histogram + "_count"), buckets.get(buckets.size() - 1), histogram + " +Inf");
    }

    private static Scrape scrape(Gateway gateway) {
        OpsHttp.Answer answer = OpsHttp.get(gateway.baseUri(), "/ops/metrics");
        assertEquals(200, answer.status(), answer.body());
        return Scrape.parse(answer.body());
    }

    /** Scrapes until the series has the value; each scrape is a round trip, so this polls at the server's pace. */
    private static Scrape await(Gateway gateway, String series, long value) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        Scrape scrape = scrape(gateway);
        while (scrape.value(series) != value) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(series + " stayed " + scrape.value(series) + ", expected " + value);
            }
            scrape = scrape(gateway);
        }
        return scrape;
    }
}
