package dev.eventsgateway.history.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventsgateway.history.entity.Admission;
import dev.eventsgateway.history.entity.Position;
import dev.eventsgateway.history.entity.RecoveryOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RoomLogsTest {

    private final MutableClock clock = new MutableClock();
    private final AtomicInteger epochs = new AtomicInteger();

    private RoomLogs logs(int size, int recoveryMax, long memoryBytes) {
        return new RoomLogs(new HistorySettings(size, Duration.ofSeconds(300), recoveryMax, memoryBytes), clock,
                () -> "e" + epochs.incrementAndGet());
    }

    private static String frame(int n) {
        return "{\"event\":\"news\",\"data\":" + n + "}";
    }

    private static String positioned(int n, String room, String epoch, long offset) {
        return "{\"event\":\"news\",\"data\":" + n + ",\"room\":\"" + room + "\",\"epoch\":\"" + epoch
                + "\",\"offset\":" + offset + "}";
    }

    private static void publish(RoomLogs logs, String room, int from, int to) {
        for (int n = from; n <= to; n++) {
            logs.publish(room, frame(n), framed -> 0);
        }
    }

    private static Admission join(RoomLogs logs, String room, Position since, List<String> received) {
        return logs.join(room, Optional.ofNullable(since), () -> true, received::add).orElseThrow();
    }

    @Test
    void positionsFollowThePublicationOrderFromOffsetOneAndEveryMemberGetsTheSameFrame() {
        RoomLogs logs = logs(100, 300, 1 << 20);
        List<String> handed = new ArrayList<>();

        logs.publish("chat", frame(1), framed -> {
            handed.add(framed);
            return 1;
        });
        logs.publish("chat", frame(2), framed -> {
            handed.add(framed);
            return 1;
        });
        logs.publish("lobby", frame(3), framed -> {
            handed.add(framed);
            return 1;
        });

        assertEquals(List.of(positioned(1, "chat", "e1", 1), positioned(2, "chat", "e1", 2),
                positioned(3, "lobby", "e2", 1)), handed);
        assertEquals(new Position("e1", 2), logs.position("chat"));
    }

    @Test
    void aJoinWithSinceRecoversExactlyThePublicationsAfterIt() {
        RoomLogs logs = logs(100, 300, 1 << 20);
        publish(logs, "chat", 1, 50);
        List<String> received = new ArrayList<>();

        Admission admission = join(logs, "chat", new Position("e1", 20), received);

        assertEquals(new Position("e1", 50), admission.position());
        assertEquals(Optional.of(RecoveryOutcome.RECOVERED), admission.recovery());
        assertEquals(IntStream.rangeClosed(21, 50).mapToObj(n -> positioned(n, "chat", "e1", n)).toList(), received);
    }

    @Test
    void nothingMissedIsRecoveredWithNothingToDeliver() {
        RoomLogs logs = logs(100, 300, 1 << 20);
        publish(logs, "chat", 1, 5);
        List<String> received = new ArrayList<>();

        assertEquals(Optional.of(RecoveryOutcome.RECOVERED),
                join(logs, "chat", new Position("e1", 5), received).recovery());
        assertEquals(List.of(), received);
    }

    @Test
    void aJoinWithoutSinceRecoversNothingAndSaysNothingAboutIt() {
        RoomLogs logs = logs(100, 300, 1 << 20);
        publish(logs, "chat", 1, 5);
        List<String> received = new ArrayList<>();

        Admission admission = join(logs, "chat", null, received);

        assertEquals(new Position("e1", 5), admission.position());
        assertEquals(Optional.empty(), admission.recovery());
        assertEquals(List.of(), received);
    }

    @Test
    void anUnknownEpochOrAnOffsetBeyondTheRoomsIsAnEpochChange() {
        RoomLogs logs = logs(100, 300, 1 << 20);
        publish(logs, "chat", 1, 5);
        List<String> received = new ArrayList<>();

        assertEquals(Optional.of(RecoveryOutcome.EPOCH_CHANGED),
                join(logs, "chat", new Position("other", 2), received).recovery());
        assertEquals(Optional.of(RecoveryOutcome.EPOCH_CHANGED),
                join(logs, "chat", new Position("e1", 6), received).recovery());
        assertEquals(Optional.of(RecoveryOutcome.EPOCH_CHANGED),
                join(logs, "new-room", new Position("e1", 0), received).recovery());
        assertEquals(List.of(), received);
    }

    @Test
    void moreThanTheHistorySizeSinceIsTooOld() {
        RoomLogs logs = logs(10, 300, 1 << 20);
        publish(logs, "chat", 1, 25);
        List<String> received = new ArrayList<>();

        assertEquals(Optional.of(RecoveryOutcome.TOO_OLD),
                join(logs, "chat", new Position("e1", 14), received).recovery());
        assertEquals(List.of(), received, "all or nothing");
        assertEquals(Optional.of(RecoveryOutcome.RECOVERED),
                join(logs, "chat", new Position("e1", 15), received).recovery());
        assertEquals(10, received.size());
    }

    @Test
    void moreThanTheRecoveryMaximumIsTooMany() {
        RoomLogs logs = logs(100, 10, 1 << 20);
        publish(logs, "chat", 1, 25);
        List<String> received = new ArrayList<>();

        assertEquals(Optional.of(RecoveryOutcome.TOO_MANY),
                join(logs, "chat", new Position("e1", 14), received).recovery());
        assertEquals(List.of(), received);
        assertEquals(Optional.of(RecoveryOutcome.RECOVERED),
                join(logs, "chat", new Position("e1", 15), received).recovery());
        assertEquals(10, received.size());
    }

    @Test
    void disabledHistoryStillAssignsPositionsButRecoversNothing() {
        RoomLogs logs = logs(0, 300, 1 << 20);
        List<String> handed = new ArrayList<>();
        logs.join("chat", Optional.empty(), () -> true, handed::add);
        logs.publish("chat", frame(1), framed -> handed.add(framed) ? 1 : 0);

        assertEquals(List.of(positioned(1, "chat", "e1", 1)), handed);
        assertEquals(Optional.of(RecoveryOutcome.TOO_OLD),
                join(logs, "chat", new Position("e1", 0), new ArrayList<>()).recovery());
        assertEquals(0, logs.heldBytes());
        assertEquals(List.of(), logs.read("chat", 20).publications());
    }

    @Test
    void publicationsExpireAfterTheTtl() {
        RoomLogs logs = logs(100, 300, 1 << 20);
        logs.join("chat", Optional.empty(), () -> true, frame -> { });
        publish(logs, "chat", 1, 2);
        clock.advance(Duration.ofSeconds(200));
        publish(logs, "chat", 3, 3);
        clock.advance(Duration.ofSeconds(100));

        assertEquals(List.of(positioned(3, "chat", "e1", 3)), logs.read("chat", 20).publications());
        assertEquals(Optional.of(RecoveryOutcome.TOO_OLD),
                join(logs, "chat", new Position("e1", 1), new ArrayList<>()).recovery());
        List<String> received = new ArrayList<>();
        assertEquals(Optional.of(RecoveryOutcome.RECOVERED),
                join(logs, "chat", new Position("e1", 2), received).recovery());
        assertEquals(List.of(positioned(3, "chat", "e1", 3)), received);
    }

    @Test
    void aRoomWithoutMembersAndHeldPublicationsStartsANewEpochOnceItsTtlIsOver() {
        RoomLogs logs = logs(100, 300, 1 << 20);
        publish(logs, "chat", 1, 3);
        clock.advance(Duration.ofSeconds(299));
        logs.expire(room -> false);
        assertEquals(new Position("e1", 3), logs.position("chat"), "still held");

        clock.advance(Duration.ofSeconds(1));
        logs.expire(room -> false);
        List<String> handed = new ArrayList<>();
        logs.publish("chat", frame(4), framed -> handed.add(framed) ? 1 : 0);

        assertEquals(List.of(positioned(4, "chat", "e2", 1)), handed);
        assertEquals(1, logs.roomsWithState());
    }

    @Test
    void aRoomWithMembersKeepsItsEpochAfterItsPublicationsExpired() {
        RoomLogs logs = logs(100, 300, 1 << 20);
        publish(logs, "chat", 1, 3);
        clock.advance(Duration.ofSeconds(1000));
        logs.expire(room -> true);

        assertEquals(new Position("e1", 3), logs.position("chat"));
        assertEquals(0, logs.heldBytes());
    }

    @Test
    void aRefusedJoinLeavesNoState() {
        RoomLogs logs = logs(100, 300, 1 << 20);

        assertEquals(Optional.empty(), logs.join("full", Optional.empty(), () -> false, frame -> { }));

        assertEquals(0, logs.roomsWithState());
    }

    @Test
    void theMemoryBoundDropsTheHistoryOfTheRoomsThatPublishedLeastRecentlyFirst() {
        long perFrame = RoomLogs.cost(positioned(1, "a", "e1", 1));
        RoomLogs logs = logs(100, 300, 5 * perFrame);
        publish(logs, "a", 1, 2);
        publish(logs, "b", 1, 2);
        publish(logs, "a", 3, 3);
        assertEquals(5 * perFrame, logs.heldBytes());

        publish(logs, "c", 1, 2);

        assertEquals(5 * perFrame, logs.heldBytes());
        assertEquals(List.of(), logs.read("b", 20).publications(), "b published least recently");
        assertEquals(3, logs.read("a", 20).publications().size());
        assertEquals(2, logs.read("c", 20).publications().size());
        assertEquals(Optional.of(RecoveryOutcome.TOO_OLD),
                join(logs, "b", new Position("e2", 0), new ArrayList<>()).recovery());
        assertEquals(new Position("e2", 2), logs.position("b"), "eviction keeps the room's position");
    }

    @Test
    void theSizeBoundKeepsTheLatestPublications() {
        RoomLogs logs = logs(3, 300, 1 << 20);
        publish(logs, "chat", 1, 7);

        assertEquals(List.of(positioned(5, "chat", "e1", 5), positioned(6, "chat", "e1", 6),
                positioned(7, "chat", "e1", 7)), logs.read("chat", 20).publications());
        assertEquals(List.of(positioned(7, "chat", "e1", 7)), logs.read("chat", 1).publications());
        assertEquals(3 * RoomLogs.cost(positioned(5, "chat", "e1", 5)), logs.heldBytes());
    }

    @Test
    void aPublicationDuringAJoinWaitsUntilTheRecoveredFramesAreHandedOut() throws Exception {
        RoomLogs logs = logs(100, 300, 1 << 20);
        publish(logs, "chat", 1, 3);
        List<String> received = new CopyOnWriteArrayList<>();
        CompletableFuture<Thread> publisher = new CompletableFuture<>();
        CompletableFuture<Integer> published = new CompletableFuture<>();

        Admission admission = logs.join("chat", Optional.of(new Position("e1", 1)), () -> {
            Thread thread = new Thread(() -> published.complete(
                    logs.publish("chat", frame(4), framed -> received.add("live " + framed) ? 1 : 0)));
            thread.start();
            publisher.complete(thread);
            awaitBlocked(thread);
            return true;
        }, received::add).orElseThrow();
        published.get(10, TimeUnit.SECONDS);

        assertEquals(new Position("e1", 3), admission.position());
        assertEquals(List.of(positioned(2, "chat", "e1", 2), positioned(3, "chat", "e1", 3),
                "live " + positioned(4, "chat", "e1", 4)), received);
        publisher.get().join();
    }

    /** Waits until the thread blocks on a monitor: the room's lock, which the join holds. */
    private static void awaitBlocked(Thread thread) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (thread.getState() != Thread.State.BLOCKED) {
            assertTrue(System.nanoTime() < deadline, "the publisher never reached the room's lock");
            Thread.onSpinWait();
        }
    }

    @Test
    void newEpochsDifferAcrossInstancesLikeAcrossRestarts() {
        RoomLogs first = new RoomLogs(HistorySettings.defaults());
        RoomLogs second = new RoomLogs(HistorySettings.defaults());

        String epoch = first.position("chat").epoch();
        assertNotEquals(epoch, second.position("chat").epoch());
        assertTrue(epoch.matches("[0-9a-z]{12}"), epoch);
    }

    /** A clock the test moves by hand. */
    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-11-28T10:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
