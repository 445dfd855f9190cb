package dev.eventsgateway.ops.boundary;

import java.util.Arrays;
import java.util.List;

/** Splits a request's path info into its segments. */
final class Paths {

    private Paths() {
    }

    /** {@code /rooms/chat/members} gives rooms, chat, members; empty segments (double or trailing slashes) vanish. */
    static List<String> segments(String pathInfo) {
        if (pathInfo == null) {
            return List.of();
        }
        return Arrays.stream(pathInfo.split("/")).filter(segment -> !segment.isEmpty()).toList();
    }
}
