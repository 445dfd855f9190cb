package dev.eventsgateway.delivery.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.eventsgateway.connections.control.ConnectionSettings;
import dev.eventsgateway.system.GatewayExtension;
import dev.eventsgateway.system.GatewayLauncher.LaunchedGateway;
import dev.eventsgateway.system.RedisServer;
import dev.eventsgateway.system.TestClient;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A WildFly node and a Payara Micro node sharing one redis-server are one cluster: several publishers on both chat
 * through a Redis restart, and every member receives every acknowledged message once, all in one order; the survivor
 * of a killed node announces its users' departure. Runs once per build, with the WildFly target, when both servers are
 * installed.
 */
class MixedClusterIT {

    private static final String ROOM = "mixed-room";
    private static final int PER_PUBLISHER = 600;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration RESUME_BOUND = Duration.ofSeconds(5);
    private static final Duration LIVENESS_BOUND = Duration.ofSeconds(10);
    private static final String END = "end";

    @Test
    void everyAcknowledgedMessageReachesEveryMemberOnceInOneOrderThroughARedisRestartAndAKilledNodeIsAnnounced() throws Exception {
        GatewayExtension.assumeTarget("wildfly");
        assumeTrue(GatewayExtension.installed("wildfly") && GatewayExtension.installed("payara"),
                "needs both WildFly and Payara Micro (mvn verify without -Dskip.payara / -Dskip.wildfly)");
        assumeTrue(RedisServer.available(), "redis-server is not installed (apt-get install redis-server)");
        try (RedisServer redis = RedisServer.start("mixed-cluster")) {
            Map<String, String> clustered = Map.of(DeliverySettings.REDIS_URL, redis.url(),
                    ConnectionSettings.RATE_LIMIT_PER_SECOND, "100000", ConnectionSettings.RATE_LIMIT_BURST, "100000");
            try (LaunchedGateway wildfly = GatewayExtension.launcher("wildfly").launch(clustered);
                 LaunchedGateway payara = GatewayExtension.launcher("payara").launch(clustered);
                 TestClient w1 = wildfly.gateway().connected("w1"); TestClient w2 = wildfly.gateway().connected("w2");
                 TestClient wListener = wildfly.gateway().connected("w-listener");
                 TestClient p1 = payara.gateway().connected("p1"); TestClient p2 = payara.gateway().connected("p2");
                 TestClient pListener = payara.gateway().connected("p-listener")) {
                List<TestClient> members = List.of(w1, w2, wListener, p1, p2, pListener);
                for (TestClient member : members) {
                    assertTrue(member.join(ROOM).getBoolean("success"));
                }

                Chat chat = new Chat();
                List<CompletableFuture<Void>> publishing = new ArrayList<>();
                for (TestClient publisher : List.of(w1, w2, p1, p2)) {
                    String name = publisher == w1 ? "w1" : publisher == w2 ? "w2" : publisher == p1 ? "p1" : "p2";
                    publishing.add(CompletableFuture.runAsync(() -> chat.publish(publisher, name)));
                }
                assertTrue(chat.halfway.await(WAIT.toSeconds(), TimeUnit.SECONDS), "half of the chat acknowledged");
                redis.stop();
                assertTrue(chat.refusedWhileDown.await(WAIT.toSeconds(), TimeUnit.SECONDS),
                        "every publisher was refused while Redis was down: " + chat.refused);
                redis.restart();
                chat.restarted.set(Instant.now());
                chat.redisBack.countDown();
                CompletableFuture.allOf(publishing.toArray(CompletableFuture[]::new))
                        .get(3 * WAIT.toSeconds(), TimeUnit.SECONDS);
                Duration resumed = Duration.between(chat.restarted.get(), chat.firstAcceptedAfterRestart.get());
                System.out.println("mixed cluster: " + chat.accepted.size() + " messages acknowledged, "
                        + chat.refused.size() + " refused as UNAVAILABLE; publishing resumed "
                        + resumed.toMillis() + " ms after Redis restarted");
                assertTrue(resumed.compareTo(RESUME_BOUND) <= 0, "resumed after " + resumed);
                Instant ended = Instant.now();
                acceptedEventually(w1, END);

                List<String> first = null;
                for (TestClient member : members) {
                    List<String> received = roomMessagesUntilTheEnd(member);
                    assertEquals(received.size(), new HashSet<>(received).size(), "no duplicates");
                    Set<String> missing = new LinkedHashSet<>(chat.accepted);
                    received.forEach(missing::remove);
                    assertEquals(Set.of(), missing, "every acknowledged message arrived");
                    for (String content : received) {
                        assertTrue(chat.accepted.contains(content) || chat.refused.contains(content),
                                "only what was sent: " + content);
                    }
                    if (first == null) {
                        first = received;
                    }
                    assertEquals(first, received, "one order for the room on both servers");
                }
                System.out.println("mixed cluster: every member received the same " + first.size()
                        + " messages in the same order; the last arrived " + Duration.between(ended, Instant.now())
                        .toMillis() + " ms after the end marker was sent");

                payara.kill();
                Instant killed = Instant.now();
                List<String> left = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    left.add(wListener.next(frame -> "user:left".equals(frame.getString("event", null)),
                            LIVENESS_BOUND).getJsonObject("data").getString("userId"));
                }
                Duration noticed = Duration.between(killed, Instant.now());
                System.out.println("mixed cluster: user:left for the killed Payara node's users after "
                        + noticed.toMillis() + " ms");
                assertEquals(List.of("p-listener", "p1", "p2"), left.stream().sorted().toList());
                assertTrue(noticed.compareTo(LIVENESS_BOUND) <= 0, noticed.toString());
            }
        }
    }

    /** Sends until the cluster acknowledges it: the end marker must get through. */
    private static void acceptedEventually(TestClient publisher, String content) {
        Instant deadline = Instant.now().plus(WAIT);
        while (!publisher.say(content, ROOM).getBoolean("success")) {
            assertTrue(Instant.now().isBefore(deadline), "the end marker was never accepted");
        }
    }

    private static List<String> roomMessagesUntilTheEnd(TestClient member) {
        List<String> contents = new ArrayList<>();
        while (true) {
            String content = member.next(frame -> "message".equals(frame.getString("event", null)), WAIT)
                    .getJsonObject("data").getString("content");
            if (END.equals(content)) {
                return contents;
            }
            contents.add(content);
        }
    }

    /** The publishers' shared record of what the cluster accepted and refused, and the phases of the Redis outage. */
    private static final class Chat {
        final Set<String> accepted = ConcurrentHashMap.newKeySet();
        final Set<String> refused = Collections.synchronizedSet(new LinkedHashSet<>());
        final AtomicInteger acknowledged = new AtomicInteger();
        final CountDownLatch halfway = new CountDownLatch(1);
        final CountDownLatch refusedWhileDown = new CountDownLatch(4);
        final CountDownLatch redisBack = new CountDownLatch(1);
        final AtomicReference<Instant> restarted = new AtomicReference<>();
        final AtomicReference<Instant> firstAcceptedAfterRestart = new AtomicReference<>();

        void publish(TestClient publisher, String name) {
            boolean refusedOnce = false;
            // Each publisher goes on until it has seen the outage too, however fast its server is.
            for (int i = 0; i < PER_PUBLISHER || !refusedOnce; i++) {
                String content = name + "-" + i;
                JsonObject ack = publisher.say(content, ROOM);
                if (ack.getBoolean("success")) {
                    accepted.add(content);
                    if (restarted.get() != null) {
                        firstAcceptedAfterRestart.compareAndSet(null, Instant.now());
                    }
                    if (acknowledged.incrementAndGet() == 2 * PER_PUBLISHER) {
                        halfway.countDown();
                    }
                    continue;
                }
                assertEquals("UNAVAILABLE", ack.getString("code"), ack.toString());
                refused.add(content);
                if (!refusedOnce) {
                    refusedOnce = true;
                    refusedWhileDown.countDown();
                }
                // A client waits retryAfterMs before trying again; here the wait ends early once Redis is back.
                await(redisBack, ack.getJsonNumber("retryAfterMs").longValue());
            }
        }

        private static void await(CountDownLatch latch, long millis) {
            try {
                latch.await(millis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }
}
