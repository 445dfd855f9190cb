package dev.eventsgateway.connections.control;

import dev.eventsgateway.auth.entity.Caller;
import dev.eventsgateway.auth.entity.TokenLifetime;
import dev.eventsgateway.protocol.entity.CloseCode;
import dev.eventsgateway.protocol.entity.Closure;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/** One client session: who it is, which rooms it is in, its rate bucket and its outbound queue. */
public final class Connection {

    private static final Logger LOG = System.getLogger(Connection.class.getName());

    private final String id;
    private final Object presenceLock = new Object();
    private final Transport transport;
    private final OutboundQueue outbound;
    private final RateLimiter rateLimiter;
    private final long sendTimeoutNanos;
    private final Consumer<Connection> onClosed;
    private final Set<String> rooms = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Closure sentClosure;
    private volatile Caller caller;
    private volatile TokenLifetime lifetime;
    private boolean expiryNoticeSent;
    /** Frames broadcast to the connection while its first frame is not queued yet; null once it is. */
    private volatile List<String> heldBack;
    private volatile long lastSeenNanos;
    private volatile long lastPingNanos;
    private long completedSendsSeen;
    private long sendProgressSeen;
    private long stuckSinceNanos;

    /**
     * @param lifetime when the connection's token expires, and so when it must end unless refreshed
     * @param onClosed called exactly once, whoever closes the connection
     */
    public Connection(String id, Caller caller, TokenLifetime lifetime, Transport transport,
                      ConnectionSettings settings, long nowNanos, Consumer<Connection> onClosed) {
        this.id = id;
        this.caller = caller;
        this.lifetime = lifetime;
        this.transport = transport;
        this.onClosed = onClosed;
        this.outbound = new OutboundQueue(transport, settings.sendQueueLimit(), settings.sendWindowBytes(),
                this::overflowed, this::sendFailed);
        this.sendTimeoutNanos = settings.sendTimeout().toNanos();
        this.stuckSinceNanos = nowNanos;
        this.rateLimiter = new RateLimiter(settings.rateLimitPerSecond(), settings.rateLimitBurst(), nowNanos);
        this.lastSeenNanos = nowNanos;
        this.lastPingNanos = nowNanos;
    }

    public String id() {
        return id;
    }

    public Caller caller() {
        return caller;
    }

    public String userId() {
        return caller.userId();
    }

    public TokenLifetime lifetime() {
        return lifetime;
    }

    /** Takes a refreshed token's caller (same user, new roles and room grants) and lifetime. */
    public synchronized void refresh(Caller refreshed, TokenLifetime refreshedLifetime) {
        if (!refreshed.userId().equals(caller.userId())) {
            throw new IllegalArgumentException("a refreshed token must be for user " + caller.userId());
        }
        caller = refreshed;
        lifetime = refreshedLifetime;
        expiryNoticeSent = false;
    }

    /** The lifetime to announce as expiring, once per token, when its notice time has come; else null. */
    synchronized TokenLifetime takeExpiryNotice(Instant now) {
        if (expiryNoticeSent || now.isBefore(lifetime.noticeAt())) {
            return null;
        }
        expiryNoticeSent = true;
        return lifetime;
    }

    /**
     * Held while the connection joins or leaves a room with its announcement, and while its departure is handled,
     * so that for one connection these never interleave.
     */
    public Object presenceLock() {
        return presenceLock;
    }

    /** Queues an encoded frame without blocking; false when the connection is closed or just overflowed. */
    public boolean send(String frame) {
        if (heldBack != null) {
            synchronized (this) {
                if (heldBack != null) {
                    heldBack.add(frame);
                    return true;
                }
            }
        }
        return outbound.offer(frame);
    }

    /** Holds back what broadcasts send from now on, until {@link #sendFirst} has queued the first frame. */
    synchronized void holdBackUntilFirstFrame() {
        heldBack = new ArrayList<>();
    }

    /** Queues the connection's first frame, then whatever was held back meanwhile, in order. */
    synchronized void sendFirst(String frame) {
        List<String> held = heldBack;
        heldBack = null;
        outbound.offer(frame);
        if (held != null) {
            held.forEach(outbound::offer);
        }
    }

    public RateLimiter rateLimiter() {
        return rateLimiter;
    }

    /** The rooms this connection is in, as a live read-only view. */
    public Set<String> rooms() {
        return Collections.unmodifiableSet(rooms);
    }

    /** Records membership; only the RoomManager calls this, keeping room and connection views in step. */
    public boolean addRoom(String room) {
        return rooms.add(room);
    }

    public boolean removeRoom(String room) {
        return rooms.remove(room);
    }

    /** Inbound traffic of any kind, a pong included, proves the client alive. */
    public void touch(long nowNanos) {
        lastSeenNanos = nowNanos;
    }

    public long lastSeenNanos() {
        return lastSeenNanos;
    }

    /** A pong: the peer proves it is alive, and that it has read what was sent before the ping it answers. */
    public void ponged(ByteBuffer applicationData, long nowNanos) {
        touch(nowNanos);
        if (applicationData.remaining() == Long.BYTES) {
            outbound.confirm(applicationData.getLong(applicationData.position()));
        }
    }

    /**
     * Counts frames the peer went on reading since the last look as traffic too: while a send is in flight no ping
     * goes out, and a busy listener that never writes must not look silent. A peer that owes an answer (a send in
     * flight, or a pong for frames already sent) and has made no progress for the send timeout is a slow consumer.
     */
    void noteSendProgress(long nowNanos) {
        long stuckNanos;
        synchronized (this) {
            long completed = outbound.completedSends();
            if (completed != completedSendsSeen) {
                completedSendsSeen = completed;
                lastSeenNanos = nowNanos;
            }
            long progress = outbound.progress();
            if (progress != sendProgressSeen || !outbound.awaitsPeer()) {
                sendProgressSeen = progress;
                stuckSinceNanos = nowNanos;
            }
            stuckNanos = nowNanos - stuckSinceNanos;
        }
        if (stuckNanos >= sendTimeoutNanos) {
            LOG.log(Level.INFO, "connection {0} of user {1} stopped reading (no progress for {2} ms, {3} bytes"
                    + " unconfirmed, {4} frames queued), closing as slow consumer", id, userId(),
                    stuckNanos / 1_000_000, outbound.unconfirmed(), outbound.size());
            close(CloseCode.SLOW_CONSUMER);
        }
    }

    /** Pings when a heartbeat interval has passed since the last ping. */
    void heartbeat(long nowNanos, long intervalNanos) {
        if (nowNanos - lastPingNanos >= intervalNanos && outbound.ping()) {
            lastPingNanos = nowNanos;
        }
    }

    public int queuedFrames() {
        return outbound.size();
    }

    public boolean isClosed() {
        return closed.get();
    }

    /** Closes the session with one of the gateway's own codes; the first close wins and releases the connection. */
    public void close(CloseCode code) {
        close(code.closure());
    }

    /** Closes the session with this code and reason; the first close wins and releases the connection. */
    public void close(Closure closure) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        sentClosure = closure;
        outbound.close();
        // The reason may be an operator's words about the user: the log names the code only.
        LOG.log(Level.DEBUG, "closing connection {0} of user {1} with code {2}", id, userId(),
                Integer.toString(closure.code()));
        try {
            transport.close(closure);
        } catch (RuntimeException e) {
            // The peer is usually gone already; the connection is released below either way.
            LOG.log(Level.DEBUG, "close of connection {0} failed: {1}", id, e.toString());
        } finally {
            onClosed.accept(this);
        }
    }

    /** The close the gateway sent, once closed; empty while open and when the peer closed first. */
    public Optional<Closure> sentClosure() {
        return Optional.ofNullable(sentClosure);
    }

    /** The container reports the session closed (by the peer, or after our own close). */
    public void closedByPeer() {
        if (closed.compareAndSet(false, true)) {
            outbound.close();
            onClosed.accept(this);
        }
    }

    private void overflowed() {
        LOG.log(Level.INFO, "connection {0} of user {1} stopped reading (queue of {2} frames or {3} bytes full, {4}"
                + " bytes unconfirmed), closing as slow consumer", id, userId(), outbound.capacity(),
                outbound.windowBytes(), outbound.unconfirmed());
        close(CloseCode.SLOW_CONSUMER);
    }

    private void sendFailed(Throwable failure) {
        LOG.log(Level.DEBUG, "send to connection {0} failed: {1}", id, failure.toString());
        close(CloseCode.SERVER_ERROR);
    }

    @Override
    public String toString() {
        return "Connection[" + id + ", user " + userId() + "]";
    }
}
