package dev.eventsgateway.history.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.eventsgateway.delivery.control.DeliverySettings;
import dev.eventsgateway.system.GatewayExtension;
import dev.eventsgateway.system.GatewayLauncher;
import dev.eventsgateway.system.RedisServer;
import dev.eventsgateway.system.TestClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * docs/protocol.md sections 8.4, 8.5 and 8.7 in a cluster: two launched servers sharing a redis-server; a member whose
 * server is killed recovers everything through the other one, and a flushed Redis starts a new epoch.
 */
@ExtendWith(GatewayExtension.class)
class ClusterRecoveryIT {

    private static final String ROOM = "cluster-recovery";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int MISSED = 30;
    private static final int LIVE = 30;

    @Test
    void aMemberWhoseServerWasKilledRecoversEverythingThroughTheOtherAndAFlushChangesTheEpoch(
            GatewayLauncher launcher) throws Exception {
        assumeTrue(launcher.canLaunch(), "needs two servers of their own sharing a redis-server");
        GatewayExtension.assumeTarget("wildfly");
        assumeTrue(RedisServer.available(), "redis-server is not installed (apt-get install redis-server)");
        try (RedisServer redis = RedisServer.start("cluster-recovery-it")) {
            Map<String, String> clustered = Map.of(DeliverySettings.REDIS_URL, redis.url());
            try (var nodeA = launcher.launch(clustered); var nodeB = launcher.launch(clustered);
                 TestClient bob = nodeB.gateway().connected("bob"); TestClient carol = nodeB.gateway().connected("carol")) {
                bob.join(ROOM);
                carol.join(ROOM);
                JsonObject last;
                try (TestClient alice = nodeA.gateway().connected("alice")) {
                    alice.join(ROOM);
                    bob.say("before", ROOM);
                    last = nextPublication(alice);
                    assertEquals(1, last.getJsonNumber("offset").longValue(), last.toString());

                    nodeA.kill();
                }
                for (int i = 0; i < MISSED; i++) {
                    assertTrue(bob.say("missed-" + i, ROOM).getBoolean("success"));
                }

                CompletableFuture<Void> meanwhile = CompletableFuture.runAsync(() -> IntStream.range(0, LIVE)
                        .forEach(i -> assertTrue(carol.say("live-" + i, ROOM).getBoolean("success"))));
                try (TestClient alice = nodeB.gateway().connected("alice")) {
                    JsonObject ack = joinSince(alice, last.getString("epoch"), 1);
                    meanwhile.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                    bob.say("end", ROOM);

                    assertEquals(true, ack.getBoolean("recovered"), ack.toString());
                    List<JsonObject> received = publicationsUntil(alice, "end");
                    List<String> contents = received.stream()
                            .map(frame -> frame.getJsonObject("data").getString("content")).toList();
                    assertEquals(MISSED + LIVE + 1, received.size(), "every offset after since once: " + contents);
                    for (int i = 0; i < received.size(); i++) {
                        assertEquals(2 + i, received.get(i).getJsonNumber("offset").longValue(),
                                "no gap, no duplicate: " + contents);
                        assertEquals(last.getString("epoch"), received.get(i).getString("epoch"));
                    }
                    assertEquals(IntStream.range(0, MISSED).mapToObj(i -> "missed-" + i).toList(),
                            contents.subList(0, MISSED));

                    flushAll(redis.url());
                    bob.say("after the flush", ROOM);
                    JsonObject afterFlush = nextPublication(alice);
                    assertNotEquals(last.getString("epoch"), afterFlush.getString("epoch"), "a new epoch");
                    assertEquals(1, afterFlush.getJsonNumber("offset").longValue(), "offsets start again");
                }
                try (TestClient dave = nodeB.gateway().connected("dave")) {
                    JsonObject stale = joinSince(dave, last.getString("epoch"), 2 + MISSED + LIVE);
                    assertEquals(false, stale.getBoolean("recovered"), stale.toString());
                    assertEquals("epoch_changed", stale.getString("reason"));
                    assertEquals(1, stale.getJsonNumber("offset").longValue());
                }
            }
        }
    }

    private static void flushAll(String url) {
        RedisClient client = RedisClient.create(url);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().flushall();
        } finally {
            client.shutdown();
        }
    }

    private static JsonObject joinSince(TestClient client, String epoch, long offset) {
        return client.call("join", Json.createObjectBuilder().add("room", ROOM)
                .add("since", Json.createObjectBuilder().add("epoch", epoch).add("offset", offset)).build());
    }

    private static JsonObject nextPublication(TestClient client) {
        return client.next(frame -> "message".equals(frame.getString("event", null))
                && ROOM.equals(frame.getString("room", null)), WAIT);
    }

    private static List<JsonObject> publicationsUntil(TestClient client, String lastContent) {
        List<JsonObject> publications = new ArrayList<>();
        while (true) {
            JsonObject frame = nextPublication(client);
            publications.add(frame);
            if (lastContent.equals(frame.getJsonObject("data").getString("content"))) {
                return publications;
            }
        }
    }
}
