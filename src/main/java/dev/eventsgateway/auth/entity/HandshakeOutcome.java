package dev.eventsgateway.auth.entity;

/** What the handshake established about the caller, handed from the configurator to the endpoint. */
public sealed interface HandshakeOutcome {

    /** The key under which the outcome travels in the session's user properties. */
    String USER_PROPERTY = HandshakeOutcome.class.getName();

    record Authenticated(Caller caller) implements HandshakeOutcome {
    }

    /** @param reason why, for the log; never sent to the client and never containing the token */
    record Rejected(String reason) implements HandshakeOutcome {
    }
}
