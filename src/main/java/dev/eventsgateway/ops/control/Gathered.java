package dev.eventsgateway.ops.control;

import java.util.Optional;

/** A server API answer, with the nodes it covers in a cluster (empty on one node, where there is nothing to miss). */
public record Gathered<T>(T value, Optional<NodeCount> nodes) {

    static <T> Gathered<T> local(T value) {
        return new Gathered<>(value, Optional.empty());
    }

    static <T> Gathered<T> cluster(T value, NodeCount nodes) {
        return new Gathered<>(value, Optional.of(nodes));
    }
}
