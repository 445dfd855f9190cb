package dev.eventsgateway.connections.control;

import dev.eventsgateway.auth.entity.Caller;
import dev.eventsgateway.auth.entity.TokenLifetime;
import dev.eventsgateway.metrics.control.GatewayMetrics;
import dev.eventsgateway.protocol.entity.CloseCode;
import dev.eventsgateway.protocol.entity.EventName;
import dev.eventsgateway.protocol.entity.Timestamps;
import dev.eventsgateway.protocol.entity.TokenExpiring;
import dev.eventsgateway.protocol.entity.WireFormat;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Every live connection of this node, with the connection limits, heartbeats and token expiry. */
@ApplicationScoped
public class Connections {

    private static final Logger LOG = System.getLogger(Connections.class.getName());

    private final ConcurrentHashMap<String, Connection> active = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private ConnectionSettings settings;
    private ConnectionLimits limits;
    private Disconnects disconnects;
    private UserSlots slots;

    // Field-injected, so that unit tests constructing this class count into a metrics bean of their own.
    @Inject
    GatewayMetrics metrics = new GatewayMetrics();

    protected Connections() {
        // for the CDI proxy
    }

    /** One node, as unit tests wire it by hand. */
    public Connections(ConnectionSettings settings, Disconnects disconnects) {
        this(settings, disconnects, UserSlots.LOCAL);
    }

    @Inject
    public Connections(ConnectionSettings settings, Disconnects disconnects, UserSlots slots) {
        this.settings = settings;
        this.limits = new ConnectionLimits(settings.maxConnections(), settings.maxConnectionsPerUser());
        this.disconnects = disconnects;
        this.slots = slots;
    }

    public ConnectionSettings settings() {
        return settings;
    }

    /**
     * Creates a connection within the limits, not yet visible to broadcasts; empty when a limit is reached, on this
     * node or, for the user, on all nodes of the cluster together. When it ends it leaves this registry, frees its
     * slots and goes to {@link Disconnects}.
     */
    public Optional<Connection> reserve(Caller caller, TokenLifetime lifetime, Transport transport, long nowNanos) {
        if (!limits.tryAcquire(caller.userId())) {
            return Optional.empty();
        }
        String id = newId();
        boolean counted = false;
        try {
            counted = slots.tryAcquire(caller.userId(), id, settings.maxConnectionsPerUser());
        } finally {
            if (!counted) {
                limits.release(caller.userId());
            }
        }
        if (!counted) {
            return Optional.empty();
        }
        return Optional.of(new Connection(id, caller, lifetime, transport, settings, nowNanos, this::released));
    }

    private void released(Connection connection) {
        active.remove(connection.id());
        limits.release(connection.userId());
        slots.release(connection.userId(), connection.id());
        metrics.connectionClosed();
        connection.sentClosure().ifPresent(metrics::serverClosed);
        LOG.log(Level.INFO, "connection {0} of user {1} closed {2}", connection.id(), connection.userId(),
                howClosed(connection));
        disconnects.disconnected(connection);
    }

    /**
     * The gateway's own closes are named with their reason; an operator's reason is left out, as it may say anything
     * about the user. The peer's close code is not known here.
     */
    private static String howClosed(Connection connection) {
        return connection.sentClosure().map(closure -> "by the gateway with code " + closure.code() + " ("
                + CloseCode.of(closure).map(CloseCode::reason).orElse("an operator's close") + ")")
                .orElse("by peer");
    }

    /**
     * Makes a reserved connection visible to broadcasts with {@code firstFrame} queued ahead of anything they send it:
     * once its client has the first frame, every later broadcast reaches it.
     */
    public void activate(Connection connection, String firstFrame) {
        connection.holdBackUntilFirstFrame();
        activate(connection);
        connection.sendFirst(firstFrame);
    }

    /** Makes a reserved connection visible to broadcasts. */
    public void activate(Connection connection) {
        active.put(connection.id(), connection);
        if (connection.isClosed()) {
            // Closed while being opened: its release ran before it was listed here.
            active.remove(connection.id());
        }
    }

    public Collection<Connection> all() {
        return Collections.unmodifiableCollection(active.values());
    }

    public Optional<Connection> find(String id) {
        return Optional.ofNullable(active.get(id));
    }

    public int count() {
        return active.size();
    }

    /** Connections counted against the limits, including those still opening. */
    public int reserved() {
        return limits.total();
    }

    /** Users holding at least one connection slot. */
    public int users() {
        return limits.users();
    }

    /**
     * Closes expired and silent connections, tells those whose token expires soon, and pings the rest when their
     * heartbeat is due.
     */
    public void sweep(Instant now, long nowNanos) {
        long interval = settings.heartbeat().toNanos();
        for (Connection connection : active.values()) {
            try {
                connection.noteSendProgress(nowNanos);
                if (now.isAfter(connection.lifetime().closeAt())) {
                    LOG.log(Level.INFO, "token of user {0} expired, closing connection {1}", connection.userId(),
                            connection.id());
                    connection.close(CloseCode.TOKEN_EXPIRED);
                } else if (nowNanos - connection.lastSeenNanos() > 2 * interval) {
                    LOG.log(Level.INFO, "no traffic from connection {0} of user {1} for two heartbeats, closing",
                            connection.id(), connection.userId());
                    connection.close(CloseCode.HEARTBEAT_TIMEOUT);
                } else {
                    announceExpiry(connection, now);
                    connection.heartbeat(nowNanos, interval);
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, () -> "heartbeat of connection " + connection.id() + " failed", e);
            }
        }
    }

    /** Closes every connection with 1001, announcing no departures: everyone leaves at once. */
    public void shutDown() {
        disconnects.shutDown();
        for (Connection connection : active.values()) {
            connection.close(CloseCode.GOING_AWAY);
        }
    }

    private static void announceExpiry(Connection connection, Instant now) {
        TokenLifetime expiring = connection.takeExpiryNotice(now);
        if (expiring != null) {
            connection.send(WireFormat.frame(EventName.TOKEN_EXPIRING,
                    new TokenExpiring(Timestamps.iso(expiring.expiresAt()))));
        }
    }

    /** A fresh opaque id, also given to refused connection attempts so that their log lines can be told apart. */
    public String newId() {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
