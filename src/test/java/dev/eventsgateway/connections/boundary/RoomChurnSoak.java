package dev.eventsgateway.connections.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventsgateway.connections.control.Connections;
import dev.eventsgateway.rooms.control.RoomManager;
import dev.eventsgateway.system.Gateway;
import dev.eventsgateway.system.GatewayExtension;
import dev.eventsgateway.system.TestClient;
import dev.eventsgateway.system.Tokens;
import jakarta.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Soak (opt-in: {@code mvn verify -Psoak}, {@code -Dsoak.duration=<seconds>}, default 180): clients join, leave, chat
 * and vanish for minutes while stable members stay; the stable members lose no room message, and neither the heap
 * after GC nor the RoomManager's state grows.
 */
@ExtendWith(GatewayExtension.class)
class RoomChurnSoak {

    private static final Duration DURATION = Duration.ofSeconds(Long.getLong("soak.duration", 180));
    private static final List<String> ROOMS = List.of("soak-a", "soak-b", "soak-c", "soak-d");
    private static final int STABLE_PER_ROOM = 2;
    private static final int CHURNERS = 16;
    private static final long HEAP_GROWTH_BOUND = 32L * 1024 * 1024;

    private final Map<String, Set<String>> sent = new ConcurrentHashMap<>();
    private final AtomicLong churned = new AtomicLong();

    @Test
    void stableMembersLoseNothingAndStateDoesNotGrowUnderChurn(Gateway gateway) throws Exception {
        ROOMS.forEach(room -> sent.put(room, ConcurrentHashMap.newKeySet()));
        List<Member> stable = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(CHURNERS + ROOMS.size() * STABLE_PER_ROOM);
        var stop = new AtomicBoolean();
        var over = new AtomicBoolean();
        try (TestClient observer = gateway.connected(Tokens.forUser("soak-observer").admin())) {
            observer.join("ops:stats");
            for (String room : ROOMS) {
                for (int i = 0; i < STABLE_PER_ROOM; i++) {
                    Member member = new Member(gateway.connected("stable-" + room + "-" + i), room);
                    member.client.join(room);
                    member.draining = CompletableFuture.runAsync(() -> member.drain(over), pool);
                    stable.add(member);
                }
            }
            List<CompletableFuture<Void>> churners = new ArrayList<>();
            for (int c = 0; c < CHURNERS; c++) {
                int churner = c;
                churners.add(CompletableFuture.runAsync(() -> churn(gateway, churner, stop), pool));
            }
            long warmHeap = -1;
            long started = System.nanoTime();
            var finished = CompletableFuture.allOf(churners.toArray(CompletableFuture[]::new));
            Duration warmUp = DURATION.dividedBy(6);
            try {
                finished.get(warmUp.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException stillRunning) {
                warmHeap = heapAfterGc(gateway);
            }
            try {
                finished.get(DURATION.minus(warmUp).toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException timeIsUp) {
                stop.set(true);
            }
            finished.get(60, TimeUnit.SECONDS);

            for (Member member : stable) {
                member.awaitAll(sent.get(member.room), Duration.ofSeconds(60));
            }
            JsonObject stats = observer.next(frame -> "server:stats".equals(frame.getString("event"))
                    && frame.getJsonObject("data").getInt("connections") == stable.size() + 1, Duration.ofSeconds(60));
            assertEquals(ROOMS.size() + 1, stats.getJsonObject("data").getInt("rooms"), "only the soak rooms and ops:stats");
            gateway.bean(RoomManager.class).ifPresent(rooms -> {
                assertEquals(ROOMS.size() + 1, rooms.roomCount());
                assertEquals(stable.size() + 1, rooms.membershipCount(), "only the stable members and the observer");
            });
            gateway.bean(Connections.class).ifPresent(connections ->
                    assertEquals(stable.size() + 1, connections.reserved(), "every churned slot was released"));
            long endHeap = heapAfterGc(gateway);
            long messages = sent.values().stream().mapToLong(Set::size).sum();
            System.out.printf("soak (%s): %d s, %d churned connections, %d room messages, none lost by %d stable members;"
                            + " heap after GC %d KiB after warm-up, %d KiB at the end%n", gateway.targetName(),
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started), churned.get(), messages,
                    stable.size(), warmHeap >> 10, endHeap >> 10);
            if (warmHeap >= 0 && endHeap >= 0) {
                assertTrue(endHeap - warmHeap < HEAP_GROWTH_BOUND, "heap grew by " + ((endHeap - warmHeap) >> 20) + " MiB");
            }
        } finally {
            stop.set(true);
            over.set(true);
            stable.forEach(member -> member.client.close());
            pool.shutdownNow();
        }
    }

    /** One churner: connects, joins a room, says something, then leaves or vanishes, over and over. */
    private void churn(Gateway gateway, int churner, AtomicBoolean stop) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (long round = 0; !stop.get(); round++) {
            String room = ROOMS.get(random.nextInt(ROOMS.size()));
            TestClient client = gateway.connected("churner-" + churner);
            assertTrue(client.join(room).getBoolean("success"));
            for (int m = random.nextInt(1, 4); m > 0; m--) {
                String content = churner + "/" + round + "/" + m;
                if (client.say(content, room).getBoolean("success")) {
                    sent.get(room).add(content);
                }
            }
            switch (random.nextInt(3)) {
                case 0 -> client.leave(room);
                case 1 -> client.abort();
                default -> { }
            }
            client.close();
            churned.incrementAndGet();
        }
    }

    /** Heap used after a GC, in the test JVM where the gateway runs (embedded); -1 for a server of its own. */
    private static long heapAfterGc(Gateway gateway) {
        if (gateway.bean(RoomManager.class).isEmpty()) {
            return -1;
        }
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** A member that stays for the whole soak and records every room message it receives. */
    private static final class Member {
        final TestClient client;
        final String room;
        final Set<String> received = ConcurrentHashMap.newKeySet();
        CompletableFuture<Void> draining;

        Member(TestClient client, String room) {
            this.client = client;
            this.room = room;
        }

        /** Takes every frame off the client until the soak is over, keeping the contents of room messages. */
        void drain(AtomicBoolean over) {
            while (!over.get() && !client.closed().isDone()) {
                try {
                    JsonObject frame = client.next(any -> true, Duration.ofMillis(500));
                    if ("message".equals(frame.getString("event"))) {
                        received.add(frame.getJsonObject("data").getString("content"));
                    }
                } catch (AssertionError quiet) {
                    // Nothing arrived in this slice (or the test is ending); look again.
                }
            }
        }

        void awaitAll(Set<String> expected, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!received.containsAll(expected) && System.nanoTime() < deadline) {
                draining.copy().orTimeout(100, TimeUnit.MILLISECONDS).exceptionally(timeoutOrDone -> null).join();
            }
            Set<String> missing = new java.util.HashSet<>(expected);
            missing.removeAll(received);
            assertTrue(missing.isEmpty(), client + " in " + room + " lost " + missing.size() + " messages: " + missing);
        }
    }
}
