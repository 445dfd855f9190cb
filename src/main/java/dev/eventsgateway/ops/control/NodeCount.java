package dev.eventsgateway.ops.control;

import dev.eventsgateway.delivery.control.NodeReplies;
import java.util.List;

/** How many nodes of a cluster a server API answer covers: those that answered in time, of those expected. */
public record NodeCount(int answered, int expected, List<String> missing) {

    public NodeCount {
        missing = List.copyOf(missing);
    }

    static NodeCount of(NodeReplies replies) {
        return new NodeCount(replies.answers().size(), replies.expected().size(), replies.missing());
    }

    public boolean complete() {
        return missing.isEmpty();
    }
}
