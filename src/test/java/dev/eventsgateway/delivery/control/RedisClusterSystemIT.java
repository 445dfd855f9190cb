package dev.eventsgateway.delivery.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.eventsgateway.system.GatewayExtension;
import dev.eventsgateway.system.GatewayLauncher;
import dev.eventsgateway.system.RedisClusterGroup;
import dev.eventsgateway.system.RedisServer;
import dev.eventsgateway.system.TestClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two launched servers on a Redis Cluster of three masters: rooms on different shards chat across the servers. */
@ExtendWith(GatewayExtension.class)
class RedisClusterSystemIT {

    private static final List<String> ROOMS = List.of("shard-a", "shard-b", "shard-c", "shard-d");
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void membersOnBothServersGetEveryRoomsMessagesInOneOrderAndTheSamePresence(GatewayLauncher launcher) {
        assumeTrue(launcher.canLaunch(), "needs two servers of their own sharing a Redis Cluster");
        GatewayExtension.assumeTarget("wildfly");
        assumeTrue(RedisServer.available(), "redis-server is not installed (apt-get install redis-server)");
        try (RedisClusterGroup redis = RedisClusterGroup.start("system")) {
            Map<String, String> clustered = Map.of(DeliverySettings.REDIS_URL, redis.url());
            try (var nodeA = launcher.launch(clustered); var nodeB = launcher.launch(clustered);
                 TestClient ann = nodeA.gateway().connected("ann"); TestClient bob = nodeB.gateway().connected("bob")) {
                for (String room : ROOMS) {
                    assertTrue(ann.join(room).getBoolean("success"));
                    assertTrue(bob.join(room).getBoolean("success"));
                }
                for (int i = 0; i < 5; i++) {
                    for (String room : ROOMS) {
                        assertTrue(ann.say("ann-" + i, room).getBoolean("success"));
                        assertTrue(bob.say("bob-" + i, room).getBoolean("success"));
                    }
                }
                for (String room : ROOMS) {
                    List<String> annSaw = messages(ann, room);
                    assertEquals(10, annSaw.size(), room + ": " + annSaw);
                    assertEquals(annSaw, messages(bob, room), room + ": one order on both servers");
                    JsonObject fromA = ann.call("presence", Json.createObjectBuilder().add("room", room).build());
                    JsonObject fromB = bob.call("presence", Json.createObjectBuilder().add("room", room).build());
                    assertEquals(2, fromA.getJsonArray("users").size(), fromA.toString());
                    assertEquals(fromA.getJsonArray("users"), fromB.getJsonArray("users"));
                }
            }
        }
    }

    private static List<String> messages(TestClient member, String room) {
        List<String> contents = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            contents.add(member.next(frame -> "message".equals(frame.getString("event", null))
                    && room.equals(frame.getJsonObject("data").getString("room", null)), WAIT)
                    .getJsonObject("data").getString("content"));
        }
        return contents;
    }
}
