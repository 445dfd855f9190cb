package dev.eventsgateway.messaging.control;

import dev.eventsgateway.auth.control.TokenVerifier;
import dev.eventsgateway.auth.entity.Caller;
import dev.eventsgateway.auth.entity.HandshakeOutcome;
import dev.eventsgateway.auth.entity.TokenLifetime;
import dev.eventsgateway.connections.control.Connection;
import dev.eventsgateway.connections.control.Connections;
import dev.eventsgateway.connections.control.Refusals;
import dev.eventsgateway.connections.control.Transport;
import dev.eventsgateway.metrics.control.GatewayMetrics;
import dev.eventsgateway.metrics.control.HandshakeResult;
import dev.eventsgateway.protocol.entity.CloseCode;
import dev.eventsgateway.protocol.entity.Connected;
import dev.eventsgateway.protocol.entity.EventName;
import dev.eventsgateway.protocol.entity.Timestamps;
import dev.eventsgateway.protocol.entity.WireFormat;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Optional;

/**
 * Opens a connection for an authenticated handshake, or refuses it; where a connection ends is
 * {@link dev.eventsgateway.connections.control.Disconnects}.
 */
@ApplicationScoped
public class ConnectionLifecycle {

    private static final Logger LOG = System.getLogger(ConnectionLifecycle.class.getName());

    private Connections connections;
    private TokenVerifier verifier;
    private Refusals refusals;

    // Field-injected, so that unit tests constructing this class count into a metrics bean of their own.
    @Inject
    GatewayMetrics metrics = new GatewayMetrics();

    protected ConnectionLifecycle() {
        // for the CDI proxy
    }

    @Inject
    public ConnectionLifecycle(Connections connections, TokenVerifier verifier, Refusals refusals) {
        this.connections = connections;
        this.verifier = verifier;
        this.refusals = refusals;
    }

    /**
     * The connection, with its {@code connected} frame queued first; empty when it was refused and closed. An accepted
     * handshake's duration, from {@code handshakeStartNanos} to that frame queued, goes to the handshake histogram.
     */
    public Optional<Connection> open(HandshakeOutcome outcome, Transport transport, long handshakeStartNanos,
                                     long nowNanos) {
        if (!(outcome instanceof HandshakeOutcome.Authenticated authenticated)) {
            String reason = outcome instanceof HandshakeOutcome.Rejected rejected ? rejected.reason() : "no handshake outcome";
            LOG.log(Level.INFO, "authentication failed for connection {0} of user (unauthenticated): {1};"
                    + " closing with code 4401", connections.newId(), reason);
            metrics.handshake(HandshakeResult.INVALID_CREDENTIALS);
            refusals.close(transport, CloseCode.INVALID_CREDENTIALS);
            return Optional.empty();
        }
        Caller caller = authenticated.caller();
        TokenLifetime lifetime = verifier.lifetime(caller);
        Optional<Connection> reserved = connections.reserve(caller, lifetime, transport, nowNanos);
        if (reserved.isEmpty()) {
            LOG.log(Level.WARNING, "connection limit reached, refusing user {0}: closing with code 1013",
                    caller.userId());
            metrics.handshake(HandshakeResult.AT_CAPACITY);
            refusals.close(transport, CloseCode.AT_CAPACITY);
            return Optional.empty();
        }
        Connection connection = reserved.get();
        connections.activate(connection, WireFormat.frame(EventName.CONNECTED, new Connected(caller.userId(),
                connection.id(), connections.settings().heartbeat().toMillis(), Timestamps.iso(lifetime.expiresAt()))));
        metrics.handshakeCompleted(System.nanoTime() - handshakeStartNanos);
        metrics.handshake(HandshakeResult.ACCEPTED);
        LOG.log(Level.INFO, "connection {0} opened for user {1}", connection.id(), caller.userId());
        return Optional.of(connection);
    }
}
