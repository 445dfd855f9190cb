package dev.eventsgateway.connections.control;

import dev.eventsgateway.protocol.entity.Closure;
import java.util.function.Consumer;

/** The outbound side of one WebSocket session, as the {@link OutboundQueue} needs it. */
public interface Transport {

    /** Starts an asynchronous send; {@code completion} gets null on success or the failure. */
    void sendText(String frame, Consumer<Throwable> completion);

    /** Sends a ping whose application data is this value, eight bytes big-endian, for the pong to echo. */
    void sendPing(long payload);

    /** Closes the session with this code and reason; never throws, a peer that is gone already counts as closed. */
    void close(Closure closure);
}
