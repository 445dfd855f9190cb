package dev.eventsgateway.delivery.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.eventsgateway.connections.control.ConnectionSettings;
import dev.eventsgateway.system.Gateway;
import dev.eventsgateway.system.GatewayExtension;
import dev.eventsgateway.system.GatewayLauncher;
import dev.eventsgateway.system.RedisServer;
import dev.eventsgateway.system.TestClient;
import dev.eventsgateway.system.Tokens;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two launched servers sharing one redis-server share their state: presence, per-user limits, liveness. */
@ExtendWith(GatewayExtension.class)
class ClusterStateSystemIT {

    private static final String ROOM = "state-room";
    /** The documented bound: the liveness TTL (5 s), one heartbeat (1 s) and the announcement, with room to spare. */
    private static final Duration LIVENESS_BOUND = Duration.ofSeconds(10);

    @Test
    void presenceIsTheSameFromBothNodesAndAUsersConnectionsAreCountedOnBoth(GatewayLauncher launcher) {
        assumeTrue(launcher.canLaunch(), "needs two servers of their own sharing a redis-server");
        GatewayExtension.assumeTarget("wildfly");
        assumeTrue(RedisServer.available(), "redis-server is not installed (apt-get install redis-server)");
        try (RedisServer redis = RedisServer.start("state-presence")) {
            Map<String, String> clustered = Map.of(DeliverySettings.REDIS_URL, redis.url(),
                    ConnectionSettings.MAX_CONNECTIONS_PER_USER, "2");
            try (var nodeA = launcher.launch(clustered); var nodeB = launcher.launch(clustered);
                 TestClient aliceOnA = nodeA.gateway().connected("alice");
                 TestClient aliceOnB = nodeB.gateway().connected("alice");
                 TestClient bobOnB = nodeB.gateway().connected("bob")) {
                for (TestClient member : List.of(aliceOnA, aliceOnB, bobOnB)) {
                    assertTrue(member.join(ROOM).getBoolean("success"));
                }

                JsonObject expected = Json.createObjectBuilder().add("success", true).add("room", ROOM)
                        .add("users", Json.createArrayBuilder()
                                .add(Json.createObjectBuilder().add("userId", "alice").add("connections", 2))
                                .add(Json.createObjectBuilder().add("userId", "bob").add("connections", 1)))
                        .build();
                assertEquals(expected, presence(aliceOnA));
                assertEquals(expected, presence(bobOnB));

                for (var node : List.of(nodeA, nodeB)) {
                    try (TestClient third = node.gateway().connect(Tokens.forUser("alice").sign())) {
                        TestClient.Close close = third.awaitClose();
                        assertEquals(1013, close.code(), "alice holds two connections on the two nodes: " + close);
                    }
                }

                assertTrue(aliceOnB.leave(ROOM).getBoolean("success"));
                JsonObject afterLeave = Json.createObjectBuilder(expected).add("users", Json.createArrayBuilder()
                        .add(Json.createObjectBuilder().add("userId", "alice").add("connections", 1))
                        .add(Json.createObjectBuilder().add("userId", "bob").add("connections", 1))).build();
                assertEquals(afterLeave, presence(aliceOnA));
                assertEquals(afterLeave, presence(bobOnB));

                aliceOnB.close();
                try (TestClient again = connectedOnceReleased(nodeA.gateway(), "alice")) {
                    assertTrue(again.join(ROOM).getBoolean("success"), "alice's slot on node B was freed");
                }
            }
        }
    }

    @Test
    void membersOfTheSurvivingNodeHearTheDepartureOfEveryUserOfAKilledNodeWithinTheBound(GatewayLauncher launcher) {
        assumeTrue(launcher.canLaunch(), "needs two servers of their own sharing a redis-server");
        GatewayExtension.assumeTarget("wildfly");
        assumeTrue(RedisServer.available(), "redis-server is not installed (apt-get install redis-server)");
        try (RedisServer redis = RedisServer.start("state-liveness")) {
            Map<String, String> clustered = Map.of(DeliverySettings.REDIS_URL, redis.url(),
                    ConnectionSettings.MAX_CONNECTIONS_PER_USER, "1");
            try (var nodeA = launcher.launch(clustered); var nodeB = launcher.launch(clustered);
                 TestClient alice = nodeA.gateway().connected("alice")) {
                assertTrue(alice.join(ROOM).getBoolean("success"));
                Instant killed;
                try (TestClient bob = nodeB.gateway().connected("bob");
                     TestClient carol = nodeB.gateway().connected("carol")) {
                    assertTrue(bob.join(ROOM).getBoolean("success"));
                    assertTrue(carol.join(ROOM).getBoolean("success"));
                    assertEquals(3, presence(alice).getJsonArray("users").size());

                    nodeB.kill();
                    killed = Instant.now();
                }

                List<String> left = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    left.add(alice.next(frame -> "user:left".equals(frame.getString("event", null)), LIVENESS_BOUND)
                            .getJsonObject("data").getString("userId"));
                }
                Duration noticed = Duration.between(killed, Instant.now());
                System.out.println("user:left for the killed node's users after " + noticed.toMillis() + " ms");
                assertEquals(List.of("bob", "carol"), left.stream().sorted().toList());
                assertTrue(noticed.compareTo(LIVENESS_BOUND) <= 0, noticed.toString());
                assertEquals(Json.createArrayBuilder()
                                .add(Json.createObjectBuilder().add("userId", "alice").add("connections", 1)).build(),
                        presence(alice).getJsonArray("users"));
                try (TestClient bobAgain = nodeA.gateway().connected("bob")) {
                    assertTrue(bobAgain.join(ROOM).getBoolean("success"), "bob's one slot was freed");
                }
            }
        }
    }

    /** Connects the user as soon as a closed connection of its has freed its slot; the close is asynchronous. */
    private static TestClient connectedOnceReleased(Gateway gateway, String user) {
        Instant deadline = Instant.now().plus(TestClient.WAIT);
        while (true) {
            TestClient client = gateway.connect(Tokens.forUser(user).sign());
            var refused = client.connectedOrClosed(TestClient.WAIT);
            if (refused.isEmpty()) {
                return client;
            }
            client.close();
            assertEquals(1013, refused.get().code(), "only the limit may refuse " + user);
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(user + " still refused after " + TestClient.WAIT);
            }
        }
    }

    static JsonObject presence(TestClient member) {
        return member.call("presence", Json.createObjectBuilder().add("room", ROOM).build());
    }
}
