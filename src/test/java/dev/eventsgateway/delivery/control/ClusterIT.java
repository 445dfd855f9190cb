package dev.eventsgateway.delivery.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.eventsgateway.ops.boundary.OpsHttp;
import dev.eventsgateway.system.GatewayExtension;
import dev.eventsgateway.system.GatewayLauncher;
import dev.eventsgateway.system.RedisServer;
import dev.eventsgateway.system.ServerSettings;
import dev.eventsgateway.system.TestClient;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two launched servers sharing one redis-server form a cluster: room frames cross nodes once, in one order. */
@ExtendWith(GatewayExtension.class)
class ClusterIT {

    private static final String ROOM = "cluster-room";
    private static final int EACH = 25;
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void membersOnBothNodesGetEveryMessageOnceInTheSameOrderAndAPushOnOneNodeReachesTheOther(
            GatewayLauncher launcher) throws Exception {
        assumeTrue(launcher.canLaunch(), "needs two servers of their own sharing a redis-server");
        GatewayExtension.assumeTarget("wildfly");
        assumeTrue(RedisServer.available(), "redis-server is not installed (apt-get install redis-server)");
        Map<String, String> clustered;
        try (RedisServer redis = RedisServer.start("cluster-it")) {
            clustered = Map.of(DeliverySettings.REDIS_URL, redis.url());
            try (var nodeA = launcher.launch(clustered); var nodeB = launcher.launch(clustered);
                 TestClient a1 = nodeA.gateway().connected("a1"); TestClient a2 = nodeA.gateway().connected("a2");
                 TestClient b1 = nodeB.gateway().connected("b1"); TestClient b2 = nodeB.gateway().connected("b2")) {
                List<TestClient> members = List.of(a1, a2, b1, b2);
                List<String> epochs = new ArrayList<>();
                for (TestClient member : members) {
                    JsonObject joined = member.join(ROOM);
                    assertTrue(joined.getBoolean("success"));
                    epochs.add(joined.getString("epoch"));
                }

                CompletableFuture<Void> fromA = CompletableFuture.runAsync(() -> IntStream.range(0, EACH)
                        .forEach(i -> assertTrue(a1.say("a" + i, ROOM).getBoolean("success"))));
                CompletableFuture<Void> fromB = CompletableFuture.runAsync(() -> IntStream.range(0, EACH)
                        .forEach(i -> assertTrue(b1.say("b" + i, ROOM).getBoolean("success"))));
                CompletableFuture.allOf(fromA, fromB).get(WAIT.toSeconds(), TimeUnit.SECONDS);
                OpsHttp.Answer pushed = OpsHttp.send(HttpRequest.newBuilder(
                                nodeA.gateway().baseUri().resolve("/ops/api/rooms/" + ROOM + "/events"))
                        .header("X-Api-Key", ServerSettings.API_KEY).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"event\":\"order:shipped\",\"data\":7}"))
                        .build());
                assertEquals(200, pushed.status(), pushed.body());
                JsonObject published = pushed.json();
                assertTrue(published.getBoolean("accepted"));
                assertEquals(epochs.get(0), published.getString("epoch"), "the room's epoch: " + epochs);
                assertEquals(2L * EACH + 1, published.getJsonNumber("offset").longValue(), "after every message");
                assertFalse(published.containsKey("localRecipients"), "each node hands it out as it arrives");

                List<String> first = null;
                for (TestClient member : members) {
                    List<String> received = roomFramesUntilThePush(member);
                    assertEquals(2 * EACH, received.size(), "every message once: " + received);
                    assertEquals(2 * EACH, new HashSet<>(received).size(), "no duplicates: " + received);
                    if (first == null) {
                        first = received;
                    }
                    assertEquals(first, received, "one order for the room on both nodes");
                }

                a1.say("to everyone else", null);
                for (TestClient other : List.of(a2, b1, b2)) {
                    assertEquals("to everyone else", other.next(frame -> isMessage(frame)
                            && frame.getJsonObject("data").isNull("room"), WAIT)
                            .getJsonObject("data").getString("content"));
                }
                assertTrue(a1.poll(frame -> isMessage(frame) && frame.getJsonObject("data").isNull("room"))
                        .isEmpty(), "the sender's own connection is skipped");
            }
        }
    }

    private static List<String> roomFramesUntilThePush(TestClient member) {
        List<String> contents = new ArrayList<>();
        while (true) {
            JsonObject frame = member.next(candidate -> isMessage(candidate)
                    || "order:shipped".equals(candidate.getString("event", null)), WAIT);
            if (!isMessage(frame)) {
                return contents;
            }
            contents.add(frame.getJsonObject("data").getString("content"));
        }
    }

    private static boolean isMessage(JsonObject frame) {
        return "message".equals(frame.getString("event", null));
    }
}
