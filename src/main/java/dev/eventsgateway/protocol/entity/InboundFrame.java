package dev.eventsgateway.protocol.entity;

import java.util.Optional;

/** A decoded client text frame: a well-formed request, or the reason it is not one; each knows its size in bytes. */
public sealed interface InboundFrame {

    /** UTF-8 length of the frame as received. */
    int bytes();

    /** The frame's id, when one could be read. */
    Optional<RequestId> id();

    record Request(Optional<RequestId> id, Envelope envelope, int bytes) implements InboundFrame {
    }

    record Malformed(Optional<RequestId> id, ErrorCode code, String reason, int bytes) implements InboundFrame {
    }

    /** Too large to be worth parsing. */
    record Oversized(int bytes) implements InboundFrame {
        @Override
        public Optional<RequestId> id() {
            return Optional.empty();
        }
    }
}
