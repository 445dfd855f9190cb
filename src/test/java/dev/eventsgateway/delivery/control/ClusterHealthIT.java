package dev.eventsgateway.delivery.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.eventsgateway.ops.boundary.OpsHttp;
import dev.eventsgateway.ops.boundary.Promtool;
import dev.eventsgateway.system.Gateway;
import dev.eventsgateway.system.GatewayExtension;
import dev.eventsgateway.system.GatewayLauncher;
import dev.eventsgateway.system.RedisServer;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A clustered server is ready only while it reaches Redis: 503 with the reason while Redis is down, live throughout. */
@ExtendWith(GatewayExtension.class)
class ClusterHealthIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void readinessIs503WithRedisDownWhileLivenessStaysUpAnd200WithinFiveSecondsOfRedisReturning(
            GatewayLauncher launcher) {
        assumeTrue(launcher.canLaunch(), "needs a server of its own pointed at a redis-server");
        assumeTrue(RedisServer.available(), "redis-server is not installed (apt-get install redis-server)");
        try (RedisServer redis = RedisServer.start("cluster-health-it");
             var server = launcher.launch(Map.of(DeliverySettings.REDIS_URL, redis.url()))) {
            Gateway gateway = server.gateway();
            OpsHttp.Answer ready = awaitReadiness(gateway, answer -> answer.status() == 200, WAIT);
            assertEquals("up", ready.json().getString("redis"), ready.body());

            redis.stop();
            OpsHttp.Answer down = awaitReadiness(gateway, answer -> answer.status() == 503, WAIT);
            assertEquals("DOWN", down.json().getString("status"), down.body());
            assertEquals("down", down.json().getString("redis"), down.body());
            assertEquals("ready", down.json().getString("phase"), "deployed, only Redis is missing: " + down.body());
            OpsHttp.Answer live = get(gateway, "/ops/health/live");
            assertEquals(200, live.status(), "a node without Redis is alive: " + live.body());

            redis.restart();
            Instant restarted = Instant.now();
            OpsHttp.Answer back = awaitReadiness(gateway, answer -> answer.status() == 200, WAIT);
            Duration took = Duration.between(restarted, Instant.now());
            assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "ready again after " + took + ": " + back.body());
            assertEquals("up", back.json().getString("redis"), back.body());
        }
    }

    @Test
    void aClusteredServerExposesItsRedisFamiliesInAFormatPromtoolAccepts(GatewayLauncher launcher) {
        assumeTrue(launcher.canLaunch(), "needs a server of its own pointed at a redis-server");
        assumeTrue(RedisServer.available(), "redis-server is not installed (apt-get install redis-server)");
        assumeTrue(Promtool.available(), "promtool is not installed (Debian package prometheus)");
        try (RedisServer redis = RedisServer.start("cluster-metrics-it");
             var server = launcher.launch(Map.of(DeliverySettings.REDIS_URL, redis.url()));
             var client = server.gateway().connected("metered")) {
            assertTrue(client.join("metered-room").getBoolean("success"));
            assertTrue(client.say("through redis", "metered-room").getBoolean("success"));
            OpsHttp.Answer metrics = get(server.gateway(), "/ops/metrics");
            assertEquals(200, metrics.status(), metrics.body());
            for (String family : List.of("events_gateway_redis_publishes_total",
                    "events_gateway_redis_publish_failures_total", "events_gateway_redis_receptions_total",
                    "events_gateway_redis_missed_frames_total", "events_gateway_redis_diverged_rooms_total",
                    "events_gateway_redis_lag_seconds")) {
                assertTrue(metrics.body().contains("# TYPE " + family + " "), family + " missing: " + metrics.body());
            }
            assertEquals("", Promtool.check(metrics.body()));
        }
    }

    private static OpsHttp.Answer awaitReadiness(Gateway gateway, Predicate<OpsHttp.Answer> expected,
                                                 Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        OpsHttp.Answer answer = get(gateway, "/ops/health/ready");
        while (!expected.test(answer)) {
            assertTrue(Instant.now().isBefore(deadline), "readiness still " + answer.status() + " " + answer.body());
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
            answer = get(gateway, "/ops/health/ready");
        }
        return answer;
    }

    private static OpsHttp.Answer get(Gateway gateway, String path) {
        return OpsHttp.send(HttpRequest.newBuilder(gateway.baseUri().resolve(path)).timeout(Duration.ofSeconds(10))
                .GET().build());
    }
}
