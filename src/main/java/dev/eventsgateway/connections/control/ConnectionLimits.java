package dev.eventsgateway.connections.control;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts connections in total and per user, refusing one beyond either limit. */
final class ConnectionLimits {

    private final int maxTotal;
    private final int maxPerUser;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<String, Integer> perUser = new ConcurrentHashMap<>();

    ConnectionLimits(int maxTotal, int maxPerUser) {
        this.maxTotal = maxTotal;
        this.maxPerUser = maxPerUser;
    }

    /** Takes a slot for the user; false when a limit is reached (nothing is taken then). */
    boolean tryAcquire(String userId) {
        if (total.incrementAndGet() > maxTotal) {
            total.decrementAndGet();
            return false;
        }
        boolean[] admitted = {false};
        perUser.compute(userId, (user, count) -> {
            int current = count == null ? 0 : count;
            if (current >= maxPerUser) {
                return count;
            }
            admitted[0] = true;
            return current + 1;
        });
        if (!admitted[0]) {
            total.decrementAndGet();
        }
        return admitted[0];
    }

    void release(String userId) {
        perUser.computeIfPresent(userId, (user, count) -> count <= 1 ? null : count - 1);
        total.decrementAndGet();
    }

    int total() {
        return total.get();
    }

    int users() {
        return perUser.size();
    }
}
