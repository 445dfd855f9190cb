package dev.eventsgateway.messaging.boundary;

import dev.eventsgateway.auth.boundary.HandshakeConfigurator;
import dev.eventsgateway.auth.entity.HandshakeOutcome;
import dev.eventsgateway.auth.entity.HandshakeStart;
import dev.eventsgateway.connections.control.Connection;
import dev.eventsgateway.connections.control.SessionTransport;
import dev.eventsgateway.protocol.entity.CloseCode;
import dev.eventsgateway.messaging.control.ConnectionLifecycle;
import dev.eventsgateway.messaging.control.Dispatcher;
import dev.eventsgateway.messaging.control.MessagingSettings;
import dev.eventsgateway.protocol.entity.InboundFrame;
import jakarta.inject.Inject;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.io.IOException;
import java.nio.ByteBuffer;

/** The WebSocket endpoint at {@code /events}: one instance per session, which decodes, dispatches and delegates. */
@ServerEndpoint(value = "/events", configurator = HandshakeConfigurator.class, decoders = EnvelopeDecoder.class)
public class EventsEndpoint {

    private static final Logger LOG = System.getLogger(EventsEndpoint.class.getName());

    @Inject
    ConnectionLifecycle lifecycle;

    @Inject
    Dispatcher dispatcher;

    @Inject
    MessagingSettings settings;

    /** This session's connection; null when the handshake was refused. */
    private Connection connection;

    @OnOpen
    public void onOpen(Session session) {
        // Containers differ on maxMessageSize; the Dispatcher enforces the limit on every server as well.
        session.setMaxTextMessageBufferSize(settings.maxFrameBytes());
        session.setMaxBinaryMessageBufferSize(settings.maxFrameBytes());
        var outcome = (HandshakeOutcome) session.getUserProperties().get(HandshakeOutcome.USER_PROPERTY);
        long now = System.nanoTime();
        var start = (HandshakeStart) session.getUserProperties().get(HandshakeStart.USER_PROPERTY);
        connection = lifecycle.open(outcome, new SessionTransport(session), start == null ? now : start.nanos(), now)
                .orElse(null);
    }

    @OnMessage
    public void onText(InboundFrame frame) {
        if (connection != null) {
            dispatcher.dispatch(connection, frame, System.nanoTime());
        }
    }

    @OnMessage
    public void onBinary(ByteBuffer data) {
        if (connection != null) {
            connection.close(CloseCode.BINARY_FRAME);
        }
    }

    @OnMessage
    public void onPong(PongMessage pong) {
        if (connection != null) {
            connection.ponged(pong.getApplicationData(), System.nanoTime());
        }
    }

    @OnClose
    public void onClose() {
        if (connection != null) {
            connection.closedByPeer();
        }
    }

    @OnError
    public void onError(Session session, Throwable failure) {
        String id = connection == null ? "session " + session.getId() : connection.id();
        // Clients going away and frames the container already refused are routine; anything else deserves attention.
        Level level = failure instanceof IOException || !session.isOpen() ? Level.DEBUG : Level.WARNING;
        LOG.log(level, "WebSocket error on connection {0}: {1}", id, failure.toString());
    }
}
