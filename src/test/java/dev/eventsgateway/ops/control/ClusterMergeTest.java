package dev.eventsgateway.ops.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventsgateway.delivery.control.NodeReplies;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClusterMergeTest {

    private static final Instant EXPIRES = Instant.parse("2026-11-28T10:00:00Z");

    @Test
    void roomsAreSummedByNameAndSortedByName() {
        Page<Map.Entry<String, Integer>> merged = ClusterMerge.rooms(List.of(
                List.of(Map.entry("b", 2), Map.entry("c", 1)),
                List.of(Map.entry("a", 1), Map.entry("b", 3))), 10);
        assertEquals(List.of(Map.entry("a", 1), Map.entry("b", 5), Map.entry("c", 1)), merged.items());
        assertFalse(merged.truncated());
    }

    @Test
    void theFirstLimitRoomsOfTheNodesFirstLimitPlusOneAreTheClustersFirstWithTheirFullCounts() {
        // Each node sends its first limit + 1 by name; the cluster's first two are a and b, each counted on both.
        Page<Map.Entry<String, Integer>> merged = ClusterMerge.rooms(List.of(
                List.of(Map.entry("a", 1), Map.entry("b", 1), Map.entry("d", 1)),
                List.of(Map.entry("a", 2), Map.entry("b", 2), Map.entry("c", 2))), 2);
        assertEquals(List.of(Map.entry("a", 3), Map.entry("b", 3)), merged.items());
        assertTrue(merged.truncated());
    }

    @Test
    void roomsExactlyAtTheLimitAreNotTruncated() {
        Page<Map.Entry<String, Integer>> merged = ClusterMerge.rooms(List.of(
                List.of(Map.entry("a", 1)), List.of(Map.entry("b", 1))), 2);
        assertEquals(2, merged.items().size());
        assertFalse(merged.truncated());
    }

    @Test
    void connectionsAreMergedByIdAndCutAtTheLimit() {
        Page<ConnectionView> merged = ClusterMerge.connections(List.of(
                List.of(view("c1", "alice"), view("c4", "bob")),
                List.of(view("c2", "alice"), view("c3", "carol"))), 3);
        assertEquals(List.of("c1", "c2", "c3"), merged.items().stream().map(ConnectionView::connectionId).toList());
        assertTrue(merged.truncated());
    }

    @Test
    void noConnectionsAnywhereIsAnEmptyCompletePage() {
        Page<ConnectionView> merged = ClusterMerge.connections(List.of(List.of(), List.of()), 5);
        assertEquals(List.of(), merged.items());
        assertFalse(merged.truncated());
    }

    @Test
    void statsSumCountsAndCountEachUserAndRoomOnce() {
        Instant now = Instant.parse("2026-11-28T09:00:00Z");
        GatewayStats stats = ClusterMerge.stats(List.of(
                new NodeStats(3, 10, 100, List.of("alice", "bob"), List.of("chat", "news")),
                new NodeStats(2, 5, 50, List.of("alice", "carol"), List.of("chat"))), now);
        assertEquals(new GatewayStats(5, 3, 2, 15, 150, now), stats);
    }

    @Test
    void closedConnectionsAreSummedOverTheAnswers() {
        assertEquals(3, ClusterMerge.closed(List.of(NodeAnswers.closed(2), NodeAnswers.closed(0),
                NodeAnswers.closed(1))));
    }

    @Test
    void answersSurviveTheirJsonFormUnchanged() {
        List<ConnectionView> views = List.of(new ConnectionView("c1", "alice", List.of("chat", "news"), EXPIRES));
        assertEquals(views, ClusterMerge.connectionsOf(NodeAnswers.connections(views)));
        List<Map.Entry<String, Integer>> rooms = List.of(Map.entry("chat", 4));
        assertEquals(rooms, ClusterMerge.roomsOf(NodeAnswers.rooms(rooms)));
        NodeStats stats = new NodeStats(1, 2, 3, List.of("alice"), List.of("chat"));
        assertEquals(stats, ClusterMerge.statsOf(NodeAnswers.stats(stats)));
    }

    @Test
    void aNodeThatDidNotAnswerIsCountedAndNamedAsMissing() {
        NodeCount nodes = NodeCount.of(new NodeReplies(Map.of("n1", "{}"), Set.of("n1", "n3", "n2")));
        assertEquals(new NodeCount(1, 3, List.of("n2", "n3")), nodes);
        assertFalse(nodes.complete());
    }

    @Test
    void aNodeThatAnsweredWithoutBeingExpectedCountsAsExpected() {
        NodeCount nodes = NodeCount.of(new NodeReplies(Map.of("n1", "{}", "new", "{}"), Set.of("n1")));
        assertEquals(new NodeCount(2, 2, List.of()), nodes);
        assertTrue(nodes.complete());
    }

    private static ConnectionView view(String id, String user) {
        return new ConnectionView(id, user, List.of(), EXPIRES);
    }
}
