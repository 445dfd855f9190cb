package dev.eventsgateway.connections.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OutboundQueueTest {

    private final FakeTransport transport = new FakeTransport();
    private final AtomicInteger overflows = new AtomicInteger();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private ExecutorService executor;

    @AfterEach
    void stopExecutor() throws InterruptedException {
        if (executor != null) {
            executor.shutdownNow();
            assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS));
        }
    }

    private OutboundQueue queue(int capacity) {
        return new OutboundQueue(transport, capacity, 1 << 20, overflows::incrementAndGet, failures::add);
    }

    @Test
    void sendsAFrameAtOnceWhenNothingIsInFlight() {
        OutboundQueue queue = queue(4);

        assertTrue(queue.offer("a"));

        assertEquals(List.of("a"), transport.sent());
        assertEquals(0, queue.size());
    }

    @Test
    void keepsOneSendInFlightAtATime() {
        transport.holdCompletions();
        OutboundQueue queue = queue(4);

        assertTrue(queue.offer("a"));
        assertTrue(queue.offer("b"));
        assertTrue(queue.offer("c"));

        assertEquals(List.of("a"), transport.sent());
        assertEquals(2, queue.size());
        transport.completeNext();
        assertEquals(List.of("a", "b"), transport.sent());
        assertEquals(1, queue.size());
        transport.completeNext();
        assertEquals(List.of("a", "b", "c"), transport.sent());
        transport.completeNext();
        assertEquals(0, transport.heldSends());
        assertEquals(1, transport.maxInFlight());
    }

    @Test
    void preservesOfferOrder() {
        transport.holdCompletions();
        OutboundQueue queue = queue(100);
        List<String> frames = IntStream.range(0, 50).mapToObj(i -> "frame-" + i).toList();

        frames.forEach(queue::offer);
        while (transport.heldSends() > 0) {
            transport.completeNext();
        }

        assertEquals(frames, transport.sent());
    }

    @Test
    void sendsAgainAtOnceAfterTheQueueRanDry() {
        transport.holdCompletions();
        OutboundQueue queue = queue(4);
        queue.offer("a");
        transport.completeNext();

        queue.offer("b");

        assertEquals(List.of("a", "b"), transport.sent());
    }

    @Test
    void overflowCallsOnOverflowExactlyOnceAndRefusesFurtherOffers() {
        transport.holdCompletions();
        OutboundQueue queue = queue(2);
        assertTrue(queue.offer("in flight"));
        assertTrue(queue.offer("queued 1"));
        assertTrue(queue.offer("queued 2"));

        assertFalse(queue.offer("one too many"));
        assertFalse(queue.offer("after overflow"));

        assertEquals(1, overflows.get());
        assertTrue(queue.isClosed());
        assertEquals(0, queue.size());
        transport.completeNext();
        assertEquals(List.of("in flight"), transport.sent());
        assertEquals(0, transport.heldSends());
        assertEquals(List.of(), failures);
    }

    @Test
    void failedCompletionCallsOnFailureOnceAndClosesTheQueue() {
        transport.holdCompletions();
        OutboundQueue queue = queue(4);
        queue.offer("a");
        queue.offer("b");
        IOException broken = new IOException("broken pipe");

        transport.completeNext(broken);

        assertEquals(1, failures.size());
        assertSame(broken, failures.get(0));
        assertTrue(queue.isClosed());
        assertFalse(queue.offer("c"));
        assertFalse(queue.ping());
        assertEquals(List.of("a"), transport.sent());
        assertEquals(0, transport.pings());
        assertEquals(1, failures.size());
        assertEquals(0, overflows.get());
    }

    @Test
    void sendTextThrowingCallsOnFailureOnce() {
        IllegalStateException refused = new IllegalStateException("session closed");
        transport.failSendsWith(refused);
        OutboundQueue queue = queue(4);

        queue.offer("a");
        assertFalse(queue.offer("b"));

        assertEquals(List.of(refused), failures);
        assertTrue(queue.isClosed());
    }

    @Test
    void drainsALongBacklogOfSynchronousCompletionsWithoutOverflowingTheStack() {
        int backlog = 100_000;
        transport.holdCompletions();
        OutboundQueue queue = queue(backlog);
        List<String> frames = new ArrayList<>(backlog + 1);
        for (int i = 0; i <= backlog; i++) {
            frames.add(Integer.toString(i));
        }
        frames.forEach(frame -> assertTrue(queue.offer(frame)));
        assertEquals(backlog, queue.size());

        transport.completeInline();
        transport.completeNext();

        assertEquals(backlog + 1, transport.sentCount());
        assertEquals(frames, transport.sent());
        assertEquals(0, queue.size());
        assertEquals(List.of(), failures);
        assertEquals(0, overflows.get());
    }

    @Test
    void completionFromAnotherThreadSendsTheNextFrame() throws Exception {
        transport.holdCompletions();
        OutboundQueue queue = queue(4);
        queue.offer("a");
        queue.offer("b");

        CompletableFuture.runAsync(transport::completeNext).get(5, TimeUnit.SECONDS);

        assertEquals(List.of("a", "b"), transport.sent());
        assertEquals(1, transport.heldSends());
    }

    @Test
    void pingIsSkippedWhileASendIsInFlight() {
        transport.holdCompletions();
        OutboundQueue queue = queue(4);
        queue.offer("a");

        assertFalse(queue.ping());
        assertEquals(0, transport.pings());

        transport.completeNext();
        assertTrue(queue.ping());
        assertEquals(1, transport.pings());
    }

    @Test
    void pingLeavesTheQueueReadyToSend() {
        transport.holdCompletions();
        OutboundQueue queue = queue(4);

        assertTrue(queue.ping());
        queue.offer("a");

        assertEquals(List.of("a"), transport.sent());
    }

    @Test
    void failingPingCallsOnFailure() {
        IllegalStateException broken = new IllegalStateException("ping failed");
        transport.failPingsWith(broken);
        OutboundQueue queue = queue(4);

        assertFalse(queue.ping());

        assertEquals(List.of(broken), failures);
        assertTrue(queue.isClosed());
    }

    @Test
    void closeDropsBufferedFramesAndRefusesOffers() {
        transport.holdCompletions();
        OutboundQueue queue = queue(4);
        queue.offer("a");
        queue.offer("b");
        queue.offer("c");

        queue.close();
        transport.completeNext();

        assertEquals(0, queue.size());
        assertFalse(queue.offer("d"));
        assertFalse(queue.ping());
        assertEquals(List.of("a"), transport.sent());
        assertEquals(0, overflows.get());
        assertEquals(List.of(), failures);
    }

    @Test
    void completedSendsAloneDoNotOpenTheWindow() {
        OutboundQueue queue = windowed(40);

        for (int i = 0; i < 6; i++) {
            assertTrue(queue.offer(tenChars(i)));
        }

        assertEquals(List.of(tenChars(0), tenChars(1), tenChars(2), tenChars(3)), transport.sent(),
                "the container took each frame at once, yet only a window's worth goes out unconfirmed");
        assertEquals(2, queue.size());
        assertEquals(40, queue.unconfirmed());
        assertEquals(20, queue.pendingBytes());
    }

    @Test
    void pingsEveryQuarterWindowAndOnceMoreWhenTheWindowCloses() {
        OutboundQueue queue = windowed(40);

        for (int i = 0; i < 5; i++) {
            queue.offer(tenChars(i));
        }

        assertEquals(4, transport.pings(), "before frames 1, 2 and 3, then covering frame 3 as the window closed");
        assertTrue(queue.awaitsPeer());
    }

    @Test
    void thePongToTheCoveringPingResumesSendingInOrder() {
        OutboundQueue queue = windowed(40);
        for (int i = 0; i < 6; i++) {
            queue.offer(tenChars(i));
        }

        queue.confirm(transport.lastPing());

        assertEquals(IntStream.range(0, 6).mapToObj(OutboundQueueTest::tenChars).toList(), transport.sent());
        assertEquals(0, queue.size());
        assertEquals(20, queue.unconfirmed());
    }

    @Test
    void aPongForAnEarlierPingOpensTheWindowPartly() {
        OutboundQueue queue = windowed(40);
        for (int i = 0; i < 6; i++) {
            queue.offer(tenChars(i));
        }
        long afterFirstFrame = transport.pingPayloads().get(0);

        queue.confirm(afterFirstFrame);

        assertEquals(5, transport.sentCount(), "ten bytes confirmed make room for one more frame of ten");
        assertEquals(1, queue.size());
    }

    @Test
    void ignoresAPongWhosePayloadWasNeverSent() {
        OutboundQueue queue = windowed(40);
        for (int i = 0; i < 6; i++) {
            queue.offer(tenChars(i));
        }

        queue.confirm(transport.lastPing() ^ (1L << 40));
        queue.confirm(40);
        queue.confirm(0);

        assertEquals(4, transport.sentCount());
        assertEquals(40, queue.unconfirmed());
    }

    @Test
    void overflowsWhenTheQueuedBytesWouldPassTheWindow() {
        OutboundQueue queue = windowed(40);
        for (int i = 0; i < 8; i++) {
            assertTrue(queue.offer(tenChars(i)));
        }

        assertFalse(queue.offer("x"));

        assertEquals(1, overflows.get());
        assertTrue(queue.isClosed());
        assertEquals(0, queue.pendingBytes());
    }

    @Test
    void letsAFrameLargerThanTheWindowThroughWhenNothingElseWaits() {
        OutboundQueue queue = windowed(40);
        String large = "y".repeat(100);

        assertTrue(queue.offer(large));
        assertTrue(queue.offer(tenChars(0)));

        assertEquals(List.of(large), transport.sent());
        queue.confirm(transport.lastPing());
        assertEquals(List.of(large, tenChars(0)), transport.sent());
    }

    @Test
    void awaitsThePeerOnlyWhileASendIsInFlightOrAPingForSentFramesIsUnanswered() {
        transport.holdCompletions();
        OutboundQueue queue = windowed(40);
        assertFalse(queue.awaitsPeer());

        queue.offer(tenChars(0));
        assertTrue(queue.awaitsPeer(), "a send in flight");
        long before = queue.progress();
        transport.completeNext();
        assertTrue(queue.progress() > before);
        assertFalse(queue.awaitsPeer(), "ten bytes unconfirmed, but nobody asked for them yet");

        assertTrue(queue.ping());
        assertTrue(queue.awaitsPeer(), "the ping asks for the ten bytes");
        before = queue.progress();
        queue.confirm(transport.lastPing());
        assertFalse(queue.awaitsPeer());
        assertTrue(queue.progress() > before);
        assertEquals(0, queue.unconfirmed());
    }

    @Test
    void aHeartbeatPingWhileTheWindowIsClosedAsksAgainWithoutSendingFrames() {
        OutboundQueue queue = windowed(40);
        for (int i = 0; i < 5; i++) {
            queue.offer(tenChars(i));
        }
        long covering = transport.lastPing();

        assertTrue(queue.ping());

        assertEquals(covering, transport.lastPing());
        assertEquals(4, transport.sentCount());
        queue.confirm(covering);
        assertEquals(5, transport.sentCount());
    }

    @Test
    void refusesAWindowBelowFourBytes() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new OutboundQueue(transport, 4, 3, overflows::incrementAndGet, failures::add));
        assertEquals("window must be at least 4 bytes, but is 3", e.getMessage());
    }

    private OutboundQueue windowed(long windowBytes) {
        return new OutboundQueue(transport, 100, windowBytes, overflows::incrementAndGet, failures::add);
    }

    private static String tenChars(int i) {
        return String.format("frame-%04d", i);
    }

    @Test
    void refusesACapacityBelowOne() {
        var e = assertThrows(IllegalArgumentException.class, () -> queue(0));
        assertEquals("capacity must be at least 1, but is 0", e.getMessage());
    }

    @Test
    void concurrentOffersLoseNothingAndNeverOverlapSends() throws Exception {
        int threads = 4;
        int perThread = 5_000;
        executor = Executors.newFixedThreadPool(threads + 2);
        transport.completeOn(executor);
        OutboundQueue queue = queue(threads * perThread);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> senders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            senders.add(executor.submit(() -> {
                start.await();
                for (int i = 0; i < perThread; i++) {
                    assertTrue(queue.offer(thread + ":" + i));
                }
                return null;
            }));
        }

        start.countDown();
        for (Future<?> sender : senders) {
            sender.get(30, TimeUnit.SECONDS);
        }

        assertTrue(transport.awaitSent(threads * perThread, Duration.ofSeconds(30)), "all frames sent");
        List<String> sent = transport.sent();
        assertEquals(threads * perThread, sent.size());
        assertEquals(1, transport.maxInFlight());
        int[] next = new int[threads];
        for (String frame : sent) {
            int thread = Integer.parseInt(frame.substring(0, frame.indexOf(':')));
            int index = Integer.parseInt(frame.substring(frame.indexOf(':') + 1));
            assertEquals(next[thread], index, "frames of thread " + thread + " in order");
            next[thread]++;
        }
        assertEquals(0, overflows.get());
        assertEquals(List.of(), failures);
    }
}
