package dev.eventsgateway.messaging.control;

import static dev.eventsgateway.messaging.control.PresenceFrames.joined;
import static dev.eventsgateway.messaging.control.PresenceFrames.left;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventsgateway.auth.entity.Caller;
import dev.eventsgateway.auth.entity.RoomGrants;
import dev.eventsgateway.connections.control.Connection;
import dev.eventsgateway.connections.control.ConnectionSettings;
import dev.eventsgateway.connections.control.FakeTransport;
import dev.eventsgateway.connections.control.Transport;
import dev.eventsgateway.protocol.entity.CloseCode;
import dev.eventsgateway.protocol.entity.Closure;
import dev.eventsgateway.rooms.control.JoinResult;
import dev.eventsgateway.rooms.control.RoomSettings;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Joins, leaves, evictions and shutdown never show anyone a presence the room does not have. */
class PresenceRacesTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static ConnectionSettings settings(int sendQueueLimit) {
        return new ConnectionSettings(Duration.ofSeconds(25), sendQueueLimit, 100_000, 100_000, 0, 0);
    }

    private static Caller caller(String user) {
        return new Caller(user, RoomGrants.everyRoom(), Set.of(), WiredNode.EXPIRES);
    }

    @Test
    void aCloseDuringAJoinAnnouncementIsAnnouncedAfterItSoNoGhostRemains() throws Exception {
        Thread[] departureThread = new Thread[1];
        ExecutorService departurePool = Executors.newSingleThreadExecutor(runnable -> {
            departureThread[0] = new Thread(runnable, "departures");
            return departureThread[0];
        });
        ExecutorService joiner = Executors.newSingleThreadExecutor();
        var departureStarted = new CountDownLatch(1);
        try {
            var node = new WiredNode(settings(16), new RoomSettings(10, 10), task -> departurePool.execute(() -> {
                departureStarted.countDown();
                task.run();
            }));
            var gate = new CountDownLatch(1);
            var entered = new CountDownLatch(1);
            // Every member's first frame about alice waits at the gate: the join announcement is then half done.
            var bob = new GatedTransport(frame -> frame.contains("\"alice\""), entered, gate);
            var carol = new GatedTransport(frame -> frame.contains("\"alice\""), entered, gate);
            node.presence.join(node.open(caller("bob"), bob), "chat");
            node.presence.join(node.open(caller("carol"), carol), "chat");
            Connection alice = node.open(caller("alice"), new FakeTransport());

            CompletableFuture<JoinResult> join =
                    CompletableFuture.supplyAsync(() -> node.presence.join(alice, "chat"), joiner);
            assertTrue(entered.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the announcement reached a member");
            alice.closedByPeer();
            assertTrue(departureStarted.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the departure started");
            // It goes as far as it can while the join is half announced: it waits for the join, or (were the two
            // not kept apart) stops at a gate with its user:left already handed out.
            awaitParked(departureThread[0]);
            gate.countDown();

            assertEquals(JoinResult.JOINED, join.get(WAIT.toSeconds(), TimeUnit.SECONDS));
            for (GatedTransport member : List.of(bob, carol)) {
                assertTrue(member.awaitFrame(left("alice", "chat"), WAIT), "the departure is announced");
                assertEquals(List.of(joined("alice", "chat"), left("alice", "chat")), member.framesAbout("alice"),
                        "joined, then left: never the other way round");
            }
            assertFalse(node.rooms.isMember(alice, "chat"));
            assertEquals(2, node.rooms.memberCount("chat"));
        } finally {
            joiner.shutdownNow();
            departurePool.shutdownNow();
        }
    }

    private static void awaitParked(Thread thread) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (thread.getState() == Thread.State.RUNNABLE) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the departure never waited");
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void aMemberEvictedInAFanOutLeavesOnlyAfterEveryoneGotTheFrameThatEvictedIt() {
        var node = new WiredNode(settings(1), new RoomSettings(10, 10));
        List<String> order = new ArrayList<>();
        List<FakeTransport> transports = new ArrayList<>();
        List<Connection> members = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            FakeTransport transport = new FakeTransport();
            Connection member = node.open(caller("m" + i), new OrderRecording(transport, "m" + i, order));
            node.rooms.join(member, "busy");
            transports.add(transport);
            members.add(member);
        }
        node.rooms.publish("busy", "probe", null);
        // The first member the fan-out reaches stalls: it overflows on the third frame, before all others get it.
        String first = order.get(0);
        int stalled = Integer.parseInt(first.substring(1, first.indexOf(':')));
        transports.get(stalled).holdCompletions();
        node.rooms.publish("busy", "fill-in-flight", null);
        node.rooms.publish("busy", "fill-queued", null);

        node.rooms.publish("busy", "evicting", null);

        assertTrue(members.get(stalled).isClosed());
        assertEquals(List.of(CloseCode.SLOW_CONSUMER), transports.get(stalled).closes());
        for (int i = 0; i < members.size(); i++) {
            if (i == stalled) {
                continue;
            }
            List<String> sent = transports.get(i).sent();
            int evicting = sent.indexOf("evicting");
            int departure = sent.indexOf(left("m" + stalled, "busy"));
            assertTrue(evicting >= 0 && departure > evicting, "m" + i + " saw the frame before the departure: " + sent);
        }
    }

    @Test
    void departuresCausedOnAnIoThreadRunOnTheManagedExecutorNotThere() {
        Queue<Runnable> managed = new ArrayDeque<>();
        var node = new WiredNode(settings(16), new RoomSettings(10, 10), managed::add);
        FakeTransport watcher = new FakeTransport();
        FakeTransport failing = new FakeTransport().holdCompletions();
        node.presence.join(node.open(caller("watcher"), watcher), "chat");
        Connection doomed = node.open(caller("doomed"), failing);
        node.presence.join(doomed, "chat");
        doomed.send("a frame the peer never takes");
        watcher.clearSent();

        // The container's I/O thread reports a failed send.
        failing.completeNext(new IllegalStateException("broken pipe"));

        assertTrue(doomed.isClosed());
        assertEquals(List.of(), watcher.sent(), "nothing is announced on the I/O thread");
        assertEquals(1, managed.size());
        managed.poll().run();
        assertEquals(List.of(left("doomed", "chat")), watcher.sent());
    }

    @Test
    void shutdownClosesEveryMemberOnceAndSendsNoPresenceFrames() {
        for (int size : new int[] {1_000, 4_000}) {
            var node = new WiredNode(settings(16), new RoomSettings(10, 10));
            List<FakeTransport> transports = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                FakeTransport transport = new FakeTransport();
                node.rooms.join(node.open(caller("user" + i), transport), "everyone");
                transports.add(transport);
            }
            long started = System.nanoTime();

            node.connections.shutDown();

            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            long frames = transports.stream().mapToLong(FakeTransport::sentCount).sum();
            System.out.printf("shutdown of a %d-member room: %d ms, %d frames sent%n", size, millis, frames);
            assertEquals(0, frames, "no user:left storm");
            assertTrue(transports.stream().allMatch(t -> t.closes().equals(List.of(CloseCode.GOING_AWAY))));
            assertEquals(0, node.rooms.roomCount());
            assertEquals(0, node.connections.reserved());
        }
    }

    /** Records the fan-out's order of visits in one list shared by every member, then sends as its delegate does. */
    private record OrderRecording(Transport delegate, String name, List<String> order) implements Transport {
        @Override
        public void sendText(String frame, Consumer<Throwable> completion) {
            order.add(name + ":" + frame);
            delegate.sendText(frame, completion);
        }

        @Override
        public void sendPing(long payload) {
            delegate.sendPing(payload);
        }

        @Override
        public void close(Closure closure) {
            delegate.close(closure);
        }
    }

    /** Records frames and completes sends at once, but holds the first frame matching a filter until a gate opens. */
    private static final class GatedTransport implements Transport {
        private final java.util.function.Predicate<String> gated;
        private final CountDownLatch entered;
        private final CountDownLatch gate;
        private final List<String> frames = new ArrayList<>();
        private boolean passed;

        GatedTransport(java.util.function.Predicate<String> gated, CountDownLatch entered, CountDownLatch gate) {
            this.gated = gated;
            this.entered = entered;
            this.gate = gate;
        }

        @Override
        public void sendText(String frame, Consumer<Throwable> completion) {
            boolean hold;
            synchronized (this) {
                frames.add(frame);
                notifyAll();
                hold = !passed && gated.test(frame);
                passed |= hold;
            }
            if (hold) {
                entered.countDown();
                try {
                    if (!gate.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                        throw new AssertionError("the gate never opened");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted at the gate", e);
                }
            }
            completion.accept(null);
        }

        @Override
        public void sendPing(long payload) {
        }

        @Override
        public void close(Closure closure) {
        }

        synchronized List<String> framesAbout(String user) {
            return frames.stream().filter(frame -> frame.contains("\"" + user + "\"")).toList();
        }

        synchronized boolean awaitFrame(String frame, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!frames.contains(frame)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return true;
        }
    }
}
