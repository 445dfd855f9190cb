package dev.eventsgateway.ops.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.eventsgateway.delivery.control.DeliverySettings;
import dev.eventsgateway.system.GatewayLauncher;
import dev.eventsgateway.system.GatewayExtension;
import dev.eventsgateway.system.RedisServer;
import dev.eventsgateway.system.ServerSettings;
import dev.eventsgateway.system.TestClient;
import dev.eventsgateway.system.Tokens;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two launched servers sharing one redis-server answer the server API for the whole cluster, from either node. The
 * tests share the two servers (launching them is most of the time); each closes its connections and leaves the
 * cluster without any, and the last one pauses a node and stops Redis.
 */
@ExtendWith(GatewayExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterServerApiSystemIT {

    private static final Map<String, String> KEY = Map.of("X-Api-Key", ServerSettings.API_KEY);
    private static final JsonObject BOTH_ANSWERED = Json.createObjectBuilder().add("answered", 2).add("expected", 2)
            .add("missing", Json.createArrayBuilder()).build();

    private RedisServer redis;
    private GatewayLauncher.LaunchedGateway nodeA;
    private GatewayLauncher.LaunchedGateway nodeB;

    @BeforeAll
    void startRedisAndTwoNodes(GatewayLauncher launcher) {
        assumeTrue(launcher.canLaunch(), "needs two servers of their own sharing a redis-server");
        assumeTrue(RedisServer.available(), "redis-server is not installed (apt-get install redis-server)");
        redis = RedisServer.start("api-cluster");
        // The test settings push server:stats every second.
        Map<String, String> clustered = Map.of(DeliverySettings.REDIS_URL, redis.url());
        nodeA = launcher.launch(clustered);
        nodeB = launcher.launch(clustered);
    }

    @AfterEach
    void noConnectionIsLeft() {
        if (redis != null && redis.isRunning()) {
            await("the cluster holds no connection", () -> get(nodeA.gateway().baseUri(), "/ops/api/stats")
                    .getInt("connections") == 0);
        }
    }

    @AfterAll
    void stopEverything() {
        for (AutoCloseable running : new AutoCloseable[] {nodeB, nodeA, redis}) {
            if (running != null) {
                try {
                    running.close();
                } catch (Exception e) {
                    throw new IllegalStateException("stopping the cluster", e);
                }
            }
        }
    }

    @Test
    @Order(3)
    void listsAndStatsAreTheClustersAndTheSameFromEitherNode() {
        try (TestClient aliceOnA = nodeA.gateway().connected("alice");
             TestClient aliceOnB = nodeB.gateway().connected("alice");
             TestClient bobOnB = nodeB.gateway().connected("bob")) {
            for (TestClient member : List.of(aliceOnA, aliceOnB, bobOnB)) {
                assertTrue(member.join("lists-shared").getBoolean("success"));
            }
            assertTrue(aliceOnA.join("lists-a").getBoolean("success"));
            assertTrue(bobOnB.join("lists-b").getBoolean("success"));
            URI a = nodeA.gateway().baseUri();
            URI b = nodeB.gateway().baseUri();

            JsonObject rooms = get(a, "/ops/api/rooms");
            assertEquals(Json.createObjectBuilder().add("rooms", Json.createArrayBuilder()
                            .add(room("lists-a", 1)).add(room("lists-b", 1)).add(room("lists-shared", 3)))
                    .add("truncated", false).add("nodes", BOTH_ANSWERED).build(), rooms);
            assertEquals(rooms, get(b, "/ops/api/rooms"));
            JsonObject firstRoom = get(b, "/ops/api/rooms?limit=1");
            assertEquals(List.of(room("lists-a", 1)), firstRoom.getJsonArray("rooms"));
            assertTrue(firstRoom.getBoolean("truncated"));

            JsonObject all = get(a, "/ops/api/connections");
            assertEquals(all, get(b, "/ops/api/connections"));
            List<String> ids = all.getJsonArray("connections").getValuesAs(JsonObject.class).stream()
                    .map(connection -> connection.getString("connectionId")).toList();
            assertEquals(3, ids.size(), all.toString());
            assertEquals(ids.stream().sorted().toList(), ids, "sorted by connection id");
            JsonObject firstTwo = get(b, "/ops/api/connections?limit=2");
            assertEquals(ids.subList(0, 2), firstTwo.getJsonArray("connections").getValuesAs(JsonObject.class)
                    .stream().map(connection -> connection.getString("connectionId")).toList());
            assertTrue(firstTwo.getBoolean("truncated"));

            JsonObject alices = get(b, "/ops/api/users/alice/connections");
            assertEquals(alices, get(a, "/ops/api/users/alice/connections"));
            assertEquals(2, alices.getJsonArray("connections").size(), alices.toString());
            JsonObject members = get(a, "/ops/api/rooms/lists-shared/members");
            assertEquals(members, get(b, "/ops/api/rooms/lists-shared/members"));
            assertEquals(3, members.getJsonArray("connections").size(), members.toString());

            for (URI node : List.of(a, b)) {
                JsonObject stats = get(node, "/ops/api/stats");
                assertEquals(3, stats.getInt("connections"), stats.toString());
                assertEquals(2, stats.getInt("users"), "alice counted once: " + stats);
                assertEquals(3, stats.getInt("rooms"), "lists-shared counted once: " + stats);
                assertEquals(BOTH_ANSWERED, stats.getJsonObject("nodes"));
            }

            try (var paused = nodeB.pause()) {
                Instant asked = Instant.now();
                JsonObject partial = get(a, "/ops/api/rooms");
                Duration waited = Duration.between(asked, Instant.now());
                JsonObject nodes = partial.getJsonObject("nodes");
                assertEquals(1, nodes.getInt("answered"), partial.toString());
                assertEquals(2, nodes.getInt("expected"), partial.toString());
                assertEquals(1, nodes.getJsonArray("missing").size(), partial.toString());
                assertTrue(waited.compareTo(Duration.ofSeconds(5)) < 0, "bounded by the 2 s timeout: " + waited);
            }

            redis.stop();
            OpsHttp.Answer unavailable = awaitStatus(a, "/ops/api/stats", 503);
            assertTrue(unavailable.header("Retry-After").isPresent(), unavailable.headers().toString());
            assertEquals(503, unavailable.json().getJsonObject("error").getInt("status"));
            assertEquals(503, post(a, "/ops/api/users/alice/disconnect", "").status());
        }
    }

    @Test
    @Order(1)
    void aDisconnectThroughOneNodeClosesTheConnectionsOnEveryNode() {
        try (TestClient malloryOnA = nodeA.gateway().connected("mallory");
             TestClient malloryOnB = nodeB.gateway().connected("mallory");
             TestClient bobOnB = nodeB.gateway().connected("bob")) {
            URI a = nodeA.gateway().baseUri();

            OpsHttp.Answer user = post(a, "/ops/api/users/mallory/disconnect",
                    "{\"code\":4001,\"reason\":\"account suspended\"}");
            assertEquals(200, user.status(), user.body());
            assertEquals(Json.createObjectBuilder().add("closed", 2).add("nodes", BOTH_ANSWERED).build(),
                    user.json());
            assertEquals(new TestClient.Close(4001, "account suspended"), malloryOnA.awaitClose());
            assertEquals(new TestClient.Close(4001, "account suspended"), malloryOnB.awaitClose());

            String bobsConnection = get(a, "/ops/api/users/bob/connections").getJsonArray("connections")
                    .getJsonObject(0).getString("connectionId");
            OpsHttp.Answer one = post(a, "/ops/api/connections/" + bobsConnection + "/disconnect", "");
            assertEquals(200, one.status(), one.body());
            assertEquals(1, one.json().getInt("closed"), one.body());
            assertEquals(4000, bobOnB.awaitClose().code());

            OpsHttp.Answer again = post(nodeB.gateway().baseUri(),
                    "/ops/api/connections/" + bobsConnection + "/disconnect", "");
            assertEquals(404, again.status(), again.body());
            assertEquals("connectionId", again.json().getJsonObject("error").getString("field"));
        }
    }

    @Test
    @Order(2)
    void serverStatsArrivesOncePerIntervalWithTheClustersTotalsOnEveryNode() {
        try (TestClient adminOnA = nodeA.gateway().connected(Tokens.forUser("ops-a").admin());
             TestClient adminOnB = nodeB.gateway().connected(Tokens.forUser("ops-b").admin());
             TestClient carolOnB = nodeB.gateway().connected("carol")) {
            assertTrue(adminOnA.join("ops:stats").getBoolean("success"));
            assertTrue(adminOnB.join("ops:stats").getBoolean("success"));
            Predicate<JsonObject> totals = frame -> "server:stats".equals(frame.getString("event", null))
                    && frame.getJsonObject("data").getInt("connections") == 3
                    && frame.getJsonObject("data").getInt("rooms") == 1;
            // Node B's admin joined last: its first push reached both admins.
            String first = adminOnB.next(totals, Duration.ofSeconds(10)).getJsonObject("data")
                    .getString("timestamp");
            adminOnA.next(frame -> "server:stats".equals(frame.getString("event", null))
                    && first.equals(frame.getJsonObject("data").getString("timestamp")), Duration.ofSeconds(5));
            String end = Instant.parse(first).plusSeconds(5).toString();

            List<String> seenOnA = new ArrayList<>(List.of(first));
            while (seenOnA.get(seenOnA.size() - 1).compareTo(end) < 0) {
                String previous = seenOnA.get(seenOnA.size() - 1);
                // Node A's admin joined first: pushes from before the first with the totals may still wait here.
                JsonObject next = adminOnA.next(frame -> "server:stats".equals(frame.getString("event", null))
                        && frame.getJsonObject("data").getString("timestamp").compareTo(previous) > 0,
                        Duration.ofSeconds(5)).getJsonObject("data");
                assertEquals(3, next.getInt("connections"), next.toString());
                assertEquals(1, next.getInt("rooms"), next.toString());
                seenOnA.add(next.getString("timestamp"));
            }
            for (int i = 1; i < seenOnA.size(); i++) {
                long gap = Duration.between(Instant.parse(seenOnA.get(i - 1)), Instant.parse(seenOnA.get(i)))
                        .toMillis();
                assertTrue(gap >= 800 && gap <= 3_000, "one push per 1 s interval: " + seenOnA);
            }
            for (String timestamp : seenOnA.subList(1, seenOnA.size())) {
                JsonObject same = adminOnB.next(frame -> "server:stats".equals(frame.getString("event", null))
                        && timestamp.equals(frame.getJsonObject("data").getString("timestamp")),
                        Duration.ofSeconds(5)).getJsonObject("data");
                assertEquals(3, same.getInt("connections"), same.toString());
            }
            String last = seenOnA.get(seenOnA.size() - 1);
            assertFalse(adminOnB.poll(frame -> "server:stats".equals(frame.getString("event", null))
                    && frame.getJsonObject("data").getString("timestamp").compareTo(first) > 0
                    && frame.getJsonObject("data").getString("timestamp").compareTo(last) <= 0).isPresent(),
                    "node B's admin received no other push meanwhile");
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(TestClient.WAIT);
        while (!condition.getAsBoolean()) {
            assertTrue(Instant.now().isBefore(deadline), "timed out waiting until " + what);
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }

    private static JsonObject room(String name, int members) {
        return Json.createObjectBuilder().add("room", name).add("members", members).build();
    }

    private static JsonObject get(URI node, String path) {
        OpsHttp.Answer answer = OpsHttp.get(node, path, KEY);
        assertEquals(200, answer.status(), path + ": " + answer.body());
        return answer.json();
    }

    private static OpsHttp.Answer awaitStatus(URI node, String path, int status) {
        Instant deadline = Instant.now().plus(TestClient.WAIT);
        while (true) {
            OpsHttp.Answer answer = OpsHttp.get(node, path, KEY);
            if (answer.status() == status || Instant.now().isAfter(deadline)) {
                assertEquals(status, answer.status(), answer.body());
                return answer;
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }

    private static OpsHttp.Answer post(URI node, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(node.resolve(path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        KEY.forEach(request::header);
        return OpsHttp.send(request.build());
    }
}
