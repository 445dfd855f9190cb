package dev.eventsgateway.messaging.control;

import dev.eventsgateway.auth.control.InvalidTokenException;
import dev.eventsgateway.auth.control.TokenVerifier;
import dev.eventsgateway.auth.entity.Caller;
import dev.eventsgateway.auth.entity.TokenLifetime;
import dev.eventsgateway.connections.control.Connection;
import dev.eventsgateway.protocol.entity.AckData;
import dev.eventsgateway.protocol.entity.Envelope;
import dev.eventsgateway.protocol.entity.ErrorCode;
import dev.eventsgateway.protocol.entity.Failure;
import dev.eventsgateway.protocol.entity.Timestamps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;

/** Handles {@code refresh}: a fresh token for the same user replaces the connection's expiry, roles and rooms. */
@ApplicationScoped
public class TokenRefreshHandler {

    private static final Logger LOG = System.getLogger(TokenRefreshHandler.class.getName());

    private TokenVerifier verifier;
    private RoomPresence presence;

    protected TokenRefreshHandler() {
        // for the CDI proxy
    }

    @Inject
    public TokenRefreshHandler(TokenVerifier verifier, RoomPresence presence) {
        this.verifier = verifier;
        this.presence = presence;
    }

    public Outcome refresh(Connection connection, Envelope.Refresh refresh) {
        if (refresh.data() == null) {
            return Outcome.failed(Failure.of(ErrorCode.BAD_REQUEST, "data must be an object with token"));
        }
        Caller refreshed;
        try {
            refreshed = verifier.verify(refresh.data().token());
        } catch (InvalidTokenException e) {
            return refused(connection, e.getMessage());
        }
        if (!refreshed.userId().equals(connection.userId())) {
            return refused(connection, "the token is for another user");
        }
        TokenLifetime lifetime = verifier.lifetime(refreshed);
        List<String> revoked = presence.refresh(connection, refreshed, lifetime);
        LOG.log(Level.INFO, "connection {0} of user {1} refreshed its token, now valid until {2}; rooms revoked: {3}",
                connection.id(), connection.userId(), lifetime.expiresAt(), revoked.size());
        return Outcome.success(AckData.refreshed(Timestamps.iso(lifetime.expiresAt()), revoked));
    }

    private static Outcome refused(Connection connection, String reason) {
        LOG.log(Level.INFO, "token refresh refused for connection {0} of user {1}: {2}", connection.id(),
                connection.userId(), reason);
        return Outcome.failed(Failure.of(ErrorCode.INVALID_TOKEN, "token refused: " + reason
                + "; the connection keeps its current token"));
    }
}
