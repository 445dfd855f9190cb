package dev.eventsgateway.connections.control;

import dev.eventsgateway.protocol.entity.CloseCode;
import dev.eventsgateway.protocol.entity.Closure;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A {@link Transport} for tests: records every frame, ping (with its payload) and close, and completes sends inline (the default), on an
 * executor, or only when the test says so ({@link #holdCompletions()} then {@link #completeNext()}).
 * It also tracks how many sends are in flight at once. Thread-safe.
 */
public final class FakeTransport implements Transport {

    private final List<String> sent = new ArrayList<>();
    private final List<Closure> closes = new ArrayList<>();
    private final ArrayDeque<Consumer<Throwable>> held = new ArrayDeque<>();
    private int inFlight;
    private int maxInFlight;
    private final List<Long> pings = new ArrayList<>();
    private boolean hold;
    private Executor completer;
    private RuntimeException sendFailure;
    private RuntimeException pingFailure;
    private RuntimeException closeFailure;

    /** Sends stay in flight until {@link #completeNext()} or {@link #completeNext(Throwable)}. */
    public synchronized FakeTransport holdCompletions() {
        hold = true;
        return this;
    }

    /** Sends complete inside {@code sendText} (the default). */
    public synchronized FakeTransport completeInline() {
        hold = false;
        completer = null;
        return this;
    }

    /** Sends complete successfully on this executor, as a container's I/O thread would. */
    public synchronized FakeTransport completeOn(Executor executor) {
        hold = false;
        completer = executor;
        return this;
    }

    /** {@code sendText} throws this instead of sending. */
    public synchronized FakeTransport failSendsWith(RuntimeException failure) {
        sendFailure = failure;
        return this;
    }

    public synchronized FakeTransport failPingsWith(RuntimeException failure) {
        pingFailure = failure;
        return this;
    }

    public synchronized FakeTransport failClosesWith(RuntimeException failure) {
        closeFailure = failure;
        return this;
    }

    @Override
    public void sendText(String frame, Consumer<Throwable> completion) {
        Consumer<Throwable> done;
        Executor executor;
        synchronized (this) {
            if (sendFailure != null) {
                throw sendFailure;
            }
            inFlight++;
            maxInFlight = Math.max(maxInFlight, inFlight);
            sent.add(frame);
            notifyAll();
            AtomicBoolean once = new AtomicBoolean();
            done = failure -> {
                if (!once.compareAndSet(false, true)) {
                    throw new AssertionError("completion called twice");
                }
                synchronized (FakeTransport.this) {
                    inFlight--;
                }
                completion.accept(failure);
            };
            if (hold) {
                held.addLast(done);
                return;
            }
            executor = completer;
        }
        if (executor != null) {
            executor.execute(() -> done.accept(null));
        } else {
            done.accept(null);
        }
    }

    @Override
    public synchronized void sendPing(long payload) {
        if (pingFailure != null) {
            throw pingFailure;
        }
        pings.add(payload);
    }

    @Override
    public void close(Closure closure) {
        RuntimeException failure;
        synchronized (this) {
            closes.add(closure);
            failure = closeFailure;
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Completes the oldest held send successfully, on the calling thread. */
    public void completeNext() {
        completeNext(null);
    }

    /** Completes the oldest held send with this failure (null for success), on the calling thread. */
    public void completeNext(Throwable failure) {
        Consumer<Throwable> done;
        synchronized (this) {
            done = held.pollFirst();
        }
        if (done == null) {
            throw new AssertionError("no send is waiting for completion");
        }
        done.accept(failure);
    }

    public synchronized int heldSends() {
        return held.size();
    }

    public synchronized List<String> sent() {
        return List.copyOf(sent);
    }

    public synchronized int sentCount() {
        return sent.size();
    }

    public synchronized String lastSent() {
        if (sent.isEmpty()) {
            throw new AssertionError("nothing was sent");
        }
        return sent.get(sent.size() - 1);
    }

    public synchronized void clearSent() {
        sent.clear();
    }

    public synchronized int maxInFlight() {
        return maxInFlight;
    }

    public synchronized int pings() {
        return pings.size();
    }

    public synchronized List<Long> pingPayloads() {
        return List.copyOf(pings);
    }

    /** The payload of the latest ping, as the peer's pong echoes it. */
    public synchronized long lastPing() {
        if (pings.isEmpty()) {
            throw new AssertionError("no ping was sent");
        }
        return pings.get(pings.size() - 1);
    }

    /** The closes so far as the gateway's own codes; an operator's close fails the test here (see {@link #closures()}). */
    public synchronized List<CloseCode> closes() {
        return closes.stream().map(closure -> CloseCode.of(closure)
                .orElseThrow(() -> new AssertionError("not one of the gateway's own closes: " + closure))).toList();
    }

    public synchronized List<Closure> closures() {
        return List.copyOf(closes);
    }

    /** Waits until at least {@code count} frames were sent; false on timeout. */
    public synchronized boolean awaitSent(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (sent.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }
}
