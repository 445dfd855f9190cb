package dev.eventsgateway.ops.control;

import java.util.List;

/** At most a limit of items, and whether there were more. */
public record Page<T>(List<T> items, boolean truncated) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    /** @param fetched up to {@code limit + 1} items, the last only telling that there are more */
    static <T> Page<T> of(List<T> fetched, int limit) {
        return fetched.size() > limit ? new Page<>(List.copyOf(fetched.subList(0, limit)), true)
                : new Page<>(List.copyOf(fetched), false);
    }
}
