package dev.eventsgateway.metrics.control;

import dev.eventsgateway.protocol.entity.Envelope;
import dev.eventsgateway.protocol.entity.InboundFrame;
import java.util.Locale;

/** The {@code event} label of a client frame: one of the protocol's client events, or why it is none. */
public enum InboundKind {
    PING, MESSAGE, JOIN, LEAVE, REFRESH, HISTORY, PRESENCE, MALFORMED, OVERSIZED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static InboundKind of(InboundFrame frame) {
        if (frame instanceof InboundFrame.Request request) {
            Envelope envelope = request.envelope();
            if (envelope instanceof Envelope.Message) {
                return MESSAGE;
            } else if (envelope instanceof Envelope.Join) {
                return JOIN;
            } else if (envelope instanceof Envelope.Leave) {
                return LEAVE;
            } else if (envelope instanceof Envelope.Refresh) {
                return REFRESH;
            } else if (envelope instanceof Envelope.History) {
                return HISTORY;
            } else if (envelope instanceof Envelope.PresenceQuery) {
                return PRESENCE;
            }
            return PING;
        }
        return frame instanceof InboundFrame.Oversized ? OVERSIZED : MALFORMED;
    }
}
