package dev.eventsgateway.delivery.control;

/**
 * What crosses Redis: {@code except|frame} as published, {@code seq|except|frame} as the script hands it on, where
 * {@code except} is the connection id the frame skips (empty for none) and {@code seq} the room's order.
 */
record RedisEnvelope(long sequence, String except, String frame) {

    private static final char SEPARATOR = '|';

    /** The part the publishing node sends: the script prefixes the sequence. */
    static String outbound(String except, String frame) {
        return (except == null ? "" : except) + SEPARATOR + frame;
    }

    /** A room's message, as the script published it. */
    static RedisEnvelope sequenced(String message) {
        int end = message.indexOf(SEPARATOR);
        if (end < 0) {
            throw new MalformedEnvelopeException("no sequence");
        }
        long sequence;
        try {
            sequence = Long.parseLong(message, 0, end, 10);
        } catch (NumberFormatException e) {
            throw new MalformedEnvelopeException("sequence is not a number");
        }
        return unsequenced(sequence, message.substring(end + 1));
    }

    /** A message to everyone, which has no order of its own. */
    static RedisEnvelope unsequenced(String message) {
        return unsequenced(0, message);
    }

    private static RedisEnvelope unsequenced(long sequence, String rest) {
        int end = rest.indexOf(SEPARATOR);
        if (end < 0) {
            throw new MalformedEnvelopeException("no sender part");
        }
        return new RedisEnvelope(sequence, rest.substring(0, end), rest.substring(end + 1));
    }

    /** A message on a gateway channel that no gateway published. */
    static final class MalformedEnvelopeException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        MalformedEnvelopeException(String problem) {
            super("malformed message on a gateway channel: " + problem);
        }
    }
}
