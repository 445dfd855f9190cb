package dev.eventsgateway.delivery.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Requests to every node over a real redis-server, between two nodes in one JVM. */
class RedisNodeRequestsIT {

    private static final Duration TIMEOUT = Duration.ofMillis(700);

    private TwoNodes cluster;

    @BeforeEach
    void startRedisAndTwoNodes() {
        cluster = TwoNodes.start("node-requests");
        cluster.a.broker.requests().answerWith(request -> "a:" + request);
        cluster.b.broker.requests().answerWith(request -> "b:" + request);
        TwoNodes.await("both nodes announced",
                () -> cluster.a.broker.requests().ask("ping", TIMEOUT).expected().size() == 2);
    }

    @AfterEach
    void stopEverything() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void everyLiveNodeAnswersTheAskerIncludingItself() {
        NodeReplies replies = cluster.b.broker.requests().ask("rooms|with|bars", TIMEOUT);
        assertEquals(Map.of(cluster.a.broker.nodeId(), "a:rooms|with|bars", cluster.b.broker.nodeId(),
                "b:rooms|with|bars"), replies.answers());
        assertEquals(List.of(), replies.missing());
    }

    @Test
    void aNodeThatDoesNotAnswerIsReportedMissingAfterTheTimeout() {
        cluster.b.broker.requests().answerWith(request -> {
            throw new IllegalArgumentException("unknown request");
        });
        Instant asked = Instant.now();
        NodeReplies replies = cluster.a.broker.requests().ask("stats", TIMEOUT);
        Duration waited = Duration.between(asked, Instant.now());
        assertEquals(Map.of(cluster.a.broker.nodeId(), "a:stats"), replies.answers());
        assertEquals(List.of(cluster.b.broker.nodeId()), replies.missing());
        assertTrue(waited.compareTo(TIMEOUT) >= 0 && waited.compareTo(TIMEOUT.multipliedBy(3)) < 0,
                waited.toString());
    }

    @Test
    void aLeaseIsHeldByOneNodeUntilItsPeriodEnds() {
        Duration period = Duration.ofMillis(800);
        assertTrue(cluster.a.broker.requests().claim("test-lease", period));
        assertFalse(cluster.b.broker.requests().claim("test-lease", period));
        assertFalse(cluster.a.broker.requests().claim("test-lease", period));
        TwoNodes.await("the lease expired", () -> cluster.b.broker.requests().claim("test-lease", period));
    }

    @Test
    void askingWithoutRedisFailsAsUnavailable() {
        cluster.redis.stop();
        TwoNodes.await("node A saw Redis go", () -> !cluster.a.broker.isAvailable());
        assertThrows(DeliveryUnavailableException.class, () -> cluster.a.broker.requests().ask("stats", TIMEOUT));
    }
}
