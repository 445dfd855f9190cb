package dev.eventsgateway.delivery.control;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The answers to one request, by node id, and the nodes that were expected to answer: the live nodes when it was
 * sent, and any other node that answered.
 */
public record NodeReplies(Map<String, String> answers, Set<String> expected) {

    public NodeReplies {
        answers = Map.copyOf(answers);
        TreeSet<String> all = new TreeSet<>(expected);
        all.addAll(answers.keySet());
        expected = Set.copyOf(all);
    }

    /** The expected nodes that did not answer in time, by id. */
    public List<String> missing() {
        return expected.stream().filter(node -> !answers.containsKey(node)).sorted().toList();
    }
}
