package dev.eventsgateway.auth.boundary;

import dev.eventsgateway.auth.control.InvalidTokenException;
import dev.eventsgateway.auth.control.OriginPolicy;
import dev.eventsgateway.auth.control.TokenVerifier;
import dev.eventsgateway.auth.entity.HandshakeOutcome;
import dev.eventsgateway.auth.entity.HandshakeStart;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/** Verifies the caller's JWT during the upgrade and hands the outcome to the endpoint in the user properties. */
public class HandshakeConfigurator extends ServerEndpointConfig.Configurator {

    private static final Logger LOG = System.getLogger(HandshakeConfigurator.class.getName());

    // The container instantiates configurators itself, so collaborators come from CDI on first use.
    private volatile TokenVerifier verifier;
    private volatile OriginPolicy originPolicy;

    @Override
    public boolean checkOrigin(String originHeaderValue) {
        try {
            return originPolicy().permitsAtHandshake(originHeaderValue);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "origin check failed, refusing the handshake", e);
            return false;
        }
    }

    /**
     * Never throws (that would be a 500 on the servers): a bad token is recorded, and the endpoint closes the socket
     * with 4401, the only refusal a browser can read.
     */
    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        // The earliest hook both servers call for every handshake that passed the origin check.
        config.getUserProperties().put(HandshakeStart.USER_PROPERTY, new HandshakeStart(System.nanoTime()));
        config.getUserProperties().put(HandshakeOutcome.USER_PROPERTY, authenticate(request));
    }

    private HandshakeOutcome authenticate(HandshakeRequest request) {
        try {
            String token = BearerToken.from(request.getHeaders(), request.getParameterMap()).orElse(null);
            return new HandshakeOutcome.Authenticated(verifier().verify(token));
        } catch (InvalidTokenException e) {
            return new HandshakeOutcome.Rejected(e.getMessage());
        } catch (RuntimeException e) {
            // A bug, not a bad token: keep the stack trace (it never holds the token itself).
            LOG.log(Level.ERROR, "token verification failed unexpectedly", e);
            return new HandshakeOutcome.Rejected("verification error: " + e.getClass().getSimpleName());
        }
    }

    private TokenVerifier verifier() {
        TokenVerifier current = verifier;
        if (current == null) {
            current = CDI.current().select(TokenVerifier.class).get();
            verifier = current;
        }
        return current;
    }

    private OriginPolicy originPolicy() {
        OriginPolicy current = originPolicy;
        if (current == null) {
            current = CDI.current().select(OriginPolicy.class).get();
            originPolicy = current;
        }
        return current;
    }
}
