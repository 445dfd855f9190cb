package dev.eventsgateway.connections.control;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One connection's bounded outbound buffer: at most one asynchronous send in flight, never blocking whoever offers.
 */
public final class OutboundQueue {

    private final Transport transport;
    private final int capacity;
    private final Runnable onOverflow;
    private final Consumer<Throwable> onFailure;

    private final ArrayDeque<String> pending = new ArrayDeque<>();
    private boolean sending;
    private boolean closed;
    private long completedSends;

    /**
     * @param capacity   frames buffered behind the one in flight before the queue overflows
     * @param onOverflow called once, outside any lock, when a frame does not fit
     * @param onFailure  called once, outside any lock, when the transport fails a send
     */
    public OutboundQueue(Transport transport, int capacity, Runnable onOverflow, Consumer<Throwable> onFailure) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, but is " + capacity);
        }
        this.transport = transport;
        this.capacity = capacity;
        this.onOverflow = onOverflow;
        this.onFailure = onFailure;
    }

    /** Queues a frame, or starts sending it when nothing is in flight; false when closed or overflowing. */
    public boolean offer(String frame) {
        boolean overflow = false;
        boolean start = false;
        synchronized (this) {
            if (closed) {
                return false;
            }
            if (!sending) {
                sending = true;
                start = true;
            } else if (pending.size() < capacity) {
                pending.addLast(frame);
            } else {
                overflow = true;
                shutDown();
            }
        }
        if (overflow) {
            onOverflow.run();
            return false;
        }
        if (start) {
            transmitFrom(frame);
        }
        return true;
    }

    /** Sends a WebSocket ping unless a frame is in flight (its completion already proves the path); true if sent. */
    public boolean ping() {
        synchronized (this) {
            if (closed || sending) {
                return false;
            }
            sending = true;
        }
        try {
            transport.sendPing();
        } catch (RuntimeException e) {
            fail(e);
            return false;
        }
        String next = next();
        if (next != null) {
            transmitFrom(next);
        }
        return true;
    }

    /** Drops whatever is buffered; later offers are refused. */
    public synchronized void close() {
        shutDown();
    }

    public int capacity() {
        return capacity;
    }

    public synchronized int size() {
        return pending.size();
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    private void shutDown() {
        closed = true;
        pending.clear();
    }

    /**
     * Sends frames one after another. A completion that arrives before {@code sendText} returns (inline, or racing
     * on another thread) hands the next frame back to this loop instead of recursing, so a long backlog that drains
     * synchronously cannot overflow the stack.
     */
    private void transmitFrom(String first) {
        String frame = first;
        while (frame != null) {
            var send = new SendTurn();
            try {
                transport.sendText(frame, send::completed);
            } catch (RuntimeException e) {
                fail(e);
                return;
            }
            frame = send.returned();
        }
    }

    /** How many frames the transport has finished sending, a sign that the peer keeps reading. */
    public synchronized long completedSends() {
        return completedSends;
    }

    /** The next frame after a frame's send completed. */
    private synchronized String nextAfterSend() {
        completedSends++;
        return next();
    }

    private synchronized String next() {
        if (closed) {
            sending = false;
            return null;
        }
        String next = pending.pollFirst();
        if (next == null) {
            sending = false;
        }
        return next;
    }

    private void fail(Throwable failure) {
        boolean first;
        synchronized (this) {
            first = !closed;
            shutDown();
            sending = false;
        }
        if (first) {
            onFailure.accept(failure);
        }
    }

    /** Decides which of the sending thread and the completion continues with the next frame: whichever comes second. */
    private final class SendTurn {
        private static final int PENDING = 0;
        private static final int RETURNED = 1;
        private static final int COMPLETED = 2;

        private final AtomicInteger state = new AtomicInteger(PENDING);

        void completed(Throwable failure) {
            if (failure != null) {
                state.set(COMPLETED);
                fail(failure);
                return;
            }
            if (!state.compareAndSet(PENDING, COMPLETED)) {
                String next = nextAfterSend();
                if (next != null) {
                    transmitFrom(next);
                }
            }
        }

        /** The next frame for the sending thread, or null when the completion will carry on (or failed). */
        String returned() {
            if (state.compareAndSet(PENDING, RETURNED)) {
                return null;
            }
            return nextAfterSend();
        }
    }
}
