package dev.eventsgateway.connections.control;

import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One connection's bounded outbound buffer: at most one asynchronous send in flight and at most a window of bytes the
 * peer has not confirmed reading, never blocking whoever offers.
 *
 * <p>A completed send only means the container took the frame: Payara's Tyrus completes it once the bytes sit in
 * Grizzly's unbounded write queue, whether the peer reads or not. What the peer has really read is proven by its pong:
 * every quarter window a ping goes out after the frames, carrying the count of bytes handed over before it, and the
 * pong echoes that count back. Once a full window is unconfirmed, frames wait here, where they are bounded by count and
 * by size, and overflowing either closes the connection. Sizes are counted in characters: the frames are JSON, mostly
 * ASCII, so a character is usually one byte on the wire and at most three.
 */
public final class OutboundQueue {

    private static final long NO_PING = -1;
    /** Tells the sending loop to send a ping covering everything handed over before it waits for the pong. */
    private static final String COVERING_PING = new String("covering ping");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Transport transport;
    private final int capacity;
    private final long windowBytes;
    private final long pingEveryBytes;
    private final Runnable onOverflow;
    private final Consumer<Throwable> onFailure;
    /** Masks the byte counts in pings, so that a pong can only confirm a count that the peer actually read. */
    private final long secret = RANDOM.nextLong() & Long.MAX_VALUE;

    private final ArrayDeque<String> pending = new ArrayDeque<>();
    private long pendingBytes;
    private boolean sending;
    private boolean closed;
    private long completedSends;
    private long handedBytes;
    private long markedBytes;
    private long confirmedBytes;

    /**
     * @param capacity    frames buffered behind the one in flight before the queue overflows
     * @param windowBytes bytes handed to the container that the peer has not yet confirmed reading, and bytes buffered
     *                    here, each at most (a single larger frame is let through when nothing else is waiting)
     * @param onOverflow  called once, outside any lock, when a frame does not fit
     * @param onFailure   called once, outside any lock, when the transport fails a send
     */
    public OutboundQueue(Transport transport, int capacity, long windowBytes, Runnable onOverflow,
                         Consumer<Throwable> onFailure) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, but is " + capacity);
        }
        if (windowBytes < 4) {
            throw new IllegalArgumentException("window must be at least 4 bytes, but is " + windowBytes);
        }
        this.transport = transport;
        this.capacity = capacity;
        this.windowBytes = windowBytes;
        this.pingEveryBytes = windowBytes / 4;
        this.onOverflow = onOverflow;
        this.onFailure = onFailure;
    }

    /** Queues a frame, or starts sending it when nothing is in flight or waiting; false when closed or overflowing. */
    public boolean offer(String frame) {
        boolean overflow = false;
        boolean start = false;
        synchronized (this) {
            if (closed) {
                return false;
            }
            if (!sending && pending.isEmpty() && unconfirmedBytes() < windowBytes) {
                sending = true;
                start = true;
            } else if (pending.size() < capacity
                    && (pending.isEmpty() || pendingBytes + frame.length() <= windowBytes)) {
                pending.addLast(frame);
                pendingBytes += frame.length();
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

    /**
     * Sends a WebSocket ping unless a frame is in flight (its completion already proves the path); true if sent. The
     * ping asks the peer to confirm everything handed over so far.
     */
    public boolean ping() {
        long mark;
        synchronized (this) {
            if (closed || sending) {
                return false;
            }
            sending = true;
            mark = markAll();
        }
        if (!sendPing(mark)) {
            return false;
        }
        String next = next();
        if (next != null) {
            transmitFrom(next);
        }
        return true;
    }

    /**
     * The peer answered a ping with this payload: everything handed over before that ping has been read. Resumes
     * sending when the window had closed. Payloads this queue never sent are ignored.
     */
    public void confirm(long payload) {
        String resume;
        synchronized (this) {
            long mark = payload ^ secret;
            if (closed || mark <= confirmedBytes || mark > markedBytes) {
                return;
            }
            confirmedBytes = mark;
            if (sending || unconfirmedBytes() >= windowBytes) {
                return;
            }
            resume = take();
            if (resume == null) {
                return;
            }
            sending = true;
        }
        transmitFrom(resume);
    }

    /** Drops whatever is buffered; later offers are refused. */
    public synchronized void close() {
        shutDown();
    }

    public int capacity() {
        return capacity;
    }

    public long windowBytes() {
        return windowBytes;
    }

    public synchronized int size() {
        return pending.size();
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    /** How many frames the transport has finished sending, a sign that the peer keeps reading. */
    public synchronized long completedSends() {
        return completedSends;
    }

    /** Grows whenever a send completes or the peer confirms reading; unchanged while the connection is stuck. */
    public synchronized long progress() {
        return completedSends + confirmedBytes;
    }

    /** Whether a send is in flight or a ping covering sent frames is unanswered: the peer owes us progress. */
    public synchronized boolean awaitsPeer() {
        return sending || markedBytes > confirmedBytes;
    }

    /** Bytes handed to the container that the peer has not confirmed reading. */
    public synchronized long unconfirmed() {
        return unconfirmedBytes();
    }

    /** Bytes buffered here, behind the window. */
    public synchronized long pendingBytes() {
        return pendingBytes;
    }

    private long unconfirmedBytes() {
        return handedBytes - confirmedBytes;
    }

    private void shutDown() {
        closed = true;
        pending.clear();
        pendingBytes = 0;
    }

    /**
     * Sends frames one after another. A completion that arrives before {@code sendText} returns (inline, or racing
     * on another thread) hands the next frame back to this loop instead of recursing, so a long backlog that drains
     * synchronously cannot overflow the stack.
     */
    private void transmitFrom(String first) {
        String frame = first;
        while (frame != null) {
            if (frame == COVERING_PING) {
                if (!sendPing(markAllLocked())) {
                    return;
                }
                frame = next();
                continue;
            }
            long mark = handOver(frame);
            if (mark != NO_PING && !sendPing(mark)) {
                return;
            }
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

    /** Counts a frame as handed over; a ping is due before it once a quarter window went out since the last one. */
    private synchronized long handOver(String frame) {
        long mark = handedBytes - markedBytes >= pingEveryBytes ? markAll() : NO_PING;
        handedBytes += frame.length();
        return mark;
    }

    private synchronized long markAllLocked() {
        return markAll();
    }

    private long markAll() {
        markedBytes = handedBytes;
        return markedBytes ^ secret;
    }

    private boolean sendPing(long payload) {
        try {
            transport.sendPing(payload);
            return true;
        } catch (RuntimeException e) {
            fail(e);
            return false;
        }
    }

    /** The next frame after a frame's send completed. */
    private synchronized String nextAfterSend() {
        completedSends++;
        return next();
    }

    /**
     * For whoever holds the send turn: the next frame, {@link #COVERING_PING} when the window is full and part of it
     * is not covered by a ping yet, or null when the turn ends (nothing to send, or waiting for the peer's pong).
     */
    private synchronized String next() {
        if (closed) {
            sending = false;
            return null;
        }
        if (unconfirmedBytes() >= windowBytes) {
            if (markedBytes < handedBytes) {
                return COVERING_PING;
            }
            sending = false;
            return null;
        }
        String next = take();
        if (next == null) {
            sending = false;
        }
        return next;
    }

    private String take() {
        String next = pending.pollFirst();
        if (next != null) {
            pendingBytes -= next.length();
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
