package dev.eventsgateway.messaging.control;

import dev.eventsgateway.auth.control.TokenVerifier;
import dev.eventsgateway.auth.entity.Caller;
import dev.eventsgateway.auth.entity.HandshakeOutcome;
import dev.eventsgateway.connections.control.Connection;
import dev.eventsgateway.connections.control.Connections;
import dev.eventsgateway.connections.control.Refusals;
import dev.eventsgateway.connections.control.Transport;
import dev.eventsgateway.protocol.entity.CloseCode;
import dev.eventsgateway.protocol.entity.Connected;
import dev.eventsgateway.protocol.entity.EventName;
import dev.eventsgateway.protocol.entity.WireFormat;
import dev.eventsgateway.rooms.control.RoomManager;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Opens a connection for an authenticated handshake (or refuses it) and cleans up after it, wherever it ends. */
@ApplicationScoped
public class ConnectionLifecycle {

    private static final Logger LOG = System.getLogger(ConnectionLifecycle.class.getName());

    private final Queue<Connection> departures = new ConcurrentLinkedQueue<>();
    private final ThreadLocal<Boolean> announcing = ThreadLocal.withInitial(() -> false);
    private Connections connections;
    private RoomManager rooms;
    private TokenVerifier verifier;
    private Refusals refusals;

    protected ConnectionLifecycle() {
        // for the CDI proxy
    }

    @Inject
    public ConnectionLifecycle(Connections connections, RoomManager rooms, TokenVerifier verifier, Refusals refusals) {
        this.connections = connections;
        this.rooms = rooms;
        this.verifier = verifier;
        this.refusals = refusals;
    }

    /** The connection, with its {@code connected} frame queued first; empty when it was refused and closed. */
    public Optional<Connection> open(HandshakeOutcome outcome, Transport transport, long nowNanos) {
        if (!(outcome instanceof HandshakeOutcome.Authenticated authenticated)) {
            String reason = outcome instanceof HandshakeOutcome.Rejected rejected ? rejected.reason() : "no handshake outcome";
            LOG.log(Level.INFO, "authentication failed for connection {0} of user (unauthenticated): {1}",
                    connections.newId(), reason);
            refusals.close(transport, CloseCode.INVALID_CREDENTIALS);
            return Optional.empty();
        }
        Caller caller = authenticated.caller();
        Optional<Connection> reserved = connections.reserve(caller, verifier.deadline(caller), transport, nowNanos,
                this::released);
        if (reserved.isEmpty()) {
            LOG.log(Level.WARNING, "connection limit reached, refusing user {0}", caller.userId());
            refusals.close(transport, CloseCode.AT_CAPACITY);
            return Optional.empty();
        }
        Connection connection = reserved.get();
        connection.send(WireFormat.frame(EventName.CONNECTED, new Connected(caller.userId(), connection.id(),
                connections.settings().heartbeat().toMillis())));
        connections.activate(connection);
        LOG.log(Level.INFO, "connection {0} opened for user {1}", connection.id(), caller.userId());
        return Optional.of(connection);
    }

    /**
     * Takes a closed connection out of its rooms. A connection closed inside a fan-out (a slow consumer) must not
     * start a nested fan-out of {@code user:left} that may close the next slow member, and so on: departures that
     * arrive while this thread is already announcing one wait in a queue and are announced one after another.
     */
    private void released(Connection connection) {
        departures.add(connection);
        if (announcing.get()) {
            return;
        }
        announcing.set(true);
        try {
            Connection departed;
            while ((departed = departures.poll()) != null) {
                rooms.leaveAll(departed);
                LOG.log(Level.INFO, "connection {0} of user {1} closed", departed.id(), departed.userId());
            }
        } finally {
            announcing.set(false);
        }
    }
}
