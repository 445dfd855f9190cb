package dev.eventsgateway.delivery.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.eventsgateway.ops.boundary.OpsHttp;
import dev.eventsgateway.system.Gateway;
import dev.eventsgateway.system.GatewayExtension;
import dev.eventsgateway.system.GatewayLauncher;
import dev.eventsgateway.system.RedisSentinelGroup;
import dev.eventsgateway.system.RedisServer;
import dev.eventsgateway.system.TestClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two launched servers configured with a Redis Sentinel URL follow a failover: after the master is killed, each
 * client's message is acked or refused with UNAVAILABLE, and once the replica is promoted both are ready and room
 * messages cross them again.
 */
@ExtendWith(GatewayExtension.class)
class SentinelFailoverSystemIT {

    private static final String ROOM = "failover-room";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration PROMOTION = Duration.ofSeconds(20);

    @Test
    void afterTheMasterIsKilledBothServersAreReadyAgainSoonAfterThePromotionAndMessagesCrossThem(
            GatewayLauncher launcher) {
        assumeTrue(launcher.canLaunch(), "needs two servers of their own pointed at a Redis Sentinel");
        GatewayExtension.assumeTarget("wildfly");
        assumeTrue(RedisServer.available(), "redis-server is not installed (apt-get install redis-server)");
        try (RedisSentinelGroup redis = RedisSentinelGroup.start("sentinel-system-it")) {
            Map<String, String> clustered = Map.of(DeliverySettings.REDIS_URL, redis.url());
            try (var nodeA = launcher.launch(clustered); var nodeB = launcher.launch(clustered);
                 TestClient ada = nodeA.gateway().connected("ada");
                 TestClient bea = nodeB.gateway().connected("bea")) {
                List<Gateway> both = List.of(nodeA.gateway(), nodeB.gateway());
                assertTrue(ada.join(ROOM).getBoolean("success"));
                assertTrue(bea.join(ROOM).getBoolean("success"));
                assertTrue(ada.say("before", ROOM).getBoolean("success"));
                assertEquals("before", content(bea.next(frame -> isMessage(frame, "before"), WAIT)));

                Instant killed = Instant.now();
                redis.killMaster();

                List<String> accepted = new ArrayList<>();
                int refused = 0;
                int attempt = 0;
                Instant promoted = null;
                Instant deadline = killed.plus(PROMOTION).plus(RedisSentinelFailoverIT.READY_AFTER_PROMOTION);
                while (promoted == null || !both.stream().allMatch(SentinelFailoverSystemIT::ready)) {
                    assertTrue(Instant.now().isBefore(deadline), "no failover followed by " + deadline
                            + " (promoted at " + promoted + ")");
                    String text = "during-" + attempt++;
                    JsonObject ack = ada.say(text, ROOM);
                    if (ack.getBoolean("success")) {
                        accepted.add(text);
                    } else {
                        assertEquals("UNAVAILABLE", ack.getString("code"), ack.toString());
                        assertTrue(ack.getInt("retryAfterMs") > 0, ack.toString());
                        refused++;
                    }
                    if (promoted == null && redis.masterPortNamedBySentinel() == redis.replica().port()) {
                        promoted = Instant.now();
                    }
                    LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
                }
                Duration readyAfterPromotion = Duration.between(promoted, Instant.now());

                assertTrue(ada.say("after", ROOM).getBoolean("success"));
                assertEquals("after", content(bea.next(frame -> isMessage(frame, "after"), WAIT)));
                System.out.printf("sentinel failover (launched servers): promoted %d ms after the kill, both ready"
                                + " %d ms after the promotion, delivered %d ms after the kill; %d messages refused,"
                                + " %d accepted meanwhile%n", Duration.between(killed, promoted).toMillis(),
                        readyAfterPromotion.toMillis(), Duration.between(killed, Instant.now()).toMillis(), refused,
                        accepted.size());
                assertTrue(refused > 0, "the outage was seen");
                assertTrue(readyAfterPromotion.compareTo(RedisSentinelFailoverIT.READY_AFTER_PROMOTION) < 0,
                        "ready " + readyAfterPromotion + " after the promotion");
                assertTrue(accepted.size() < 20, "few accepted while a node was not ready: " + accepted);
                List<String> kept = bea.call("history", Json.createObjectBuilder().add("room", ROOM)
                                .add("limit", 20).build()).getJsonArray("publications").stream()
                        .map(JsonValue::asJsonObject).map(SentinelFailoverSystemIT::content).toList();
                for (String text : accepted) {
                    assertTrue(kept.contains(text), text + " was acked but is not in the room's history: " + kept);
                }
            }
        }
    }

    private static boolean isMessage(JsonObject frame, String content) {
        return "message".equals(frame.getString("event", null)) && content.equals(content(frame));
    }

    private static String content(JsonObject frame) {
        return frame.getJsonObject("data").getString("content", "");
    }

    private static boolean ready(Gateway gateway) {
        return OpsHttp.send(HttpRequest.newBuilder(gateway.baseUri().resolve("/ops/health/ready"))
                .timeout(Duration.ofSeconds(10)).GET().build()).status() == 200;
    }
}
