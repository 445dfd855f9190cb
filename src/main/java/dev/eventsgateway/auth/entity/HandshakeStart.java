package dev.eventsgateway.auth.entity;

/**
 * When the handshake reached the gateway, by {@link System#nanoTime()}, handed from the configurator to the endpoint.
 *
 * @param nanos the {@link System#nanoTime()} reading at the start of the handshake
 */
public record HandshakeStart(long nanos) {

    /** The key under which the start travels in the session's user properties. */
    public static final String USER_PROPERTY = HandshakeStart.class.getName();
}
