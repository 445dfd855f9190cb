package dev.eventsgateway.messaging.control;

import dev.eventsgateway.connections.control.Connection;
import dev.eventsgateway.delivery.control.DeliveryUnavailableException;
import dev.eventsgateway.metrics.control.GatewayMetrics;
import dev.eventsgateway.protocol.entity.CloseCode;
import dev.eventsgateway.protocol.entity.Envelope;
import dev.eventsgateway.protocol.entity.ErrorCode;
import dev.eventsgateway.protocol.entity.Failure;
import dev.eventsgateway.protocol.entity.InboundFrame;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Takes one decoded client frame through the size and rate checks to the handler of its envelope type, and
 * answers it; nothing a client sends makes an exception escape.
 */
@ApplicationScoped
public class Dispatcher {

    private static final Logger LOG = System.getLogger(Dispatcher.class.getName());

    private MessagingSettings settings;
    private ChatHandler chat;
    private MembershipHandler membership;
    private TokenRefreshHandler refresh;
    private HistoryHandler history;
    private PresenceHandler presence;

    // Field-injected, so that unit tests constructing this class count into a metrics bean of their own.
    @Inject
    GatewayMetrics metrics = new GatewayMetrics();

    protected Dispatcher() {
        // for the CDI proxy
    }

    @Inject
    public Dispatcher(MessagingSettings settings, ChatHandler chat, MembershipHandler membership,
                      TokenRefreshHandler refresh, HistoryHandler history, PresenceHandler presence) {
        this.settings = settings;
        this.chat = chat;
        this.membership = membership;
        this.refresh = refresh;
        this.history = history;
        this.presence = presence;
    }

    public void dispatch(Connection connection, InboundFrame frame, long nowNanos) {
        if (connection.isClosed()) {
            // Frames the container read before our close (4409, 4429, 1009, token expired) are not acted on.
            return;
        }
        connection.touch(nowNanos);
        metrics.inbound(frame);
        if (frame.bytes() > settings.maxFrameBytes()) {
            LOG.log(Level.INFO, "connection {0} of user {1} sent a frame of {2} bytes, closing", connection.id(),
                    connection.userId(), frame.bytes());
            connection.close(CloseCode.FRAME_TOO_LARGE);
            return;
        }
        long retryAfterMs = connection.rateLimiter().tryAcquire(nowNanos);
        if (retryAfterMs > 0) {
            rateLimited(connection, frame, retryAfterMs);
            return;
        }
        if (frame instanceof InboundFrame.Malformed malformed) {
            Replies.fail(metrics, connection, malformed.id(), Failure.of(malformed.code(), malformed.reason()));
        } else if (frame instanceof InboundFrame.Request request) {
            handle(connection, request);
        }
    }

    private void handle(Connection connection, InboundFrame.Request request) {
        Envelope envelope = request.envelope();
        try {
            if (envelope instanceof Envelope.Ping) {
                Replies.pong(connection, request.id());
            } else if (envelope instanceof Envelope.Message message) {
                Replies.send(metrics, connection, request.id(), chat.handle(connection, message));
            } else if (envelope instanceof Envelope.Join join) {
                Replies.send(metrics, connection, request.id(), membership.join(connection, join));
            } else if (envelope instanceof Envelope.Leave leave) {
                Replies.send(metrics, connection, request.id(), membership.leave(connection, leave));
            } else if (envelope instanceof Envelope.Refresh tokenRefresh) {
                Replies.send(metrics, connection, request.id(), refresh.refresh(connection, tokenRefresh));
            } else if (envelope instanceof Envelope.History read) {
                Replies.send(metrics, connection, request.id(), history.handle(connection, read));
            } else if (envelope instanceof Envelope.PresenceQuery query) {
                Replies.send(metrics, connection, request.id(), presence.handle(connection, query));
            }
        } catch (DeliveryUnavailableException e) {
            LOG.log(Level.DEBUG, "{0} from connection {1} refused as UNAVAILABLE: {2}",
                    envelope.getClass().getSimpleName(), connection.id(), e.getMessage());
            Replies.fail(metrics, connection, request.id(), Failure.unavailable(e.retryAfterMs()));
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, () -> "handling " + envelope.getClass().getSimpleName() + " from connection "
                    + connection.id() + " of user " + connection.userId() + " failed", e);
            Replies.fail(metrics, connection, request.id(), Failure.of(ErrorCode.INTERNAL, "internal error"));
        }
    }

    private void rateLimited(Connection connection, InboundFrame frame, long retryAfterMs) {
        if (connection.rateLimiter().isAbusive()) {
            LOG.log(Level.WARNING, "connection {0} of user {1} keeps flooding after RATE_LIMITED, closing",
                    connection.id(), connection.userId());
            connection.close(CloseCode.RATE_ABUSE);
            return;
        }
        // Once per abuse window at INFO, so that a flood cannot flood the log as well.
        Level level = connection.rateLimiter().refusedInWindow() == 1 ? Level.INFO : Level.DEBUG;
        LOG.log(level, "rate limited connection {0} of user {1}", connection.id(), connection.userId());
        Replies.fail(metrics, connection, frame.id(), Failure.rateLimited(retryAfterMs));
    }
}
