package dev.eventsgateway.delivery.control;

/**
 * What crosses Redis: {@code sent|except|frame} as published, {@code seq|sent|except|frame} as the script hands it on,
 * where {@code sent} is the publishing node's wall-clock millis, {@code except} the connection id the frame skips
 * (empty for none) and {@code seq} the room's order.
 */
record RedisEnvelope(long sequence, long sentAtMillis, String except, String frame) {

    private static final char SEPARATOR = '|';

    /** The part the publishing node sends: the script prefixes the sequence. */
    static String outbound(long sentAtMillis, String except, String frame) {
        return sentAtMillis + String.valueOf(SEPARATOR) + (except == null ? "" : except) + SEPARATOR + frame;
    }

    /** A room's message, as the script published it. */
    static RedisEnvelope sequenced(String message) {
        int end = numberEnd(message, 0, "sequence");
        return unsequenced(number(message, 0, end, "sequence"), message, end + 1);
    }

    /** A message to everyone, which has no order of its own. */
    static RedisEnvelope unsequenced(String message) {
        return unsequenced(0, message, 0);
    }

    private static RedisEnvelope unsequenced(long sequence, String message, int start) {
        int sentEnd = numberEnd(message, start, "sending time");
        int exceptEnd = message.indexOf(SEPARATOR, sentEnd + 1);
        if (exceptEnd < 0) {
            throw new MalformedEnvelopeException("no sender part");
        }
        return new RedisEnvelope(sequence, number(message, start, sentEnd, "sending time"),
                message.substring(sentEnd + 1, exceptEnd), message.substring(exceptEnd + 1));
    }

    private static int numberEnd(String message, int start, String what) {
        int end = message.indexOf(SEPARATOR, start);
        if (end <= start) {
            throw new MalformedEnvelopeException("no " + what);
        }
        return end;
    }

    private static long number(String message, int start, int end, String what) {
        try {
            return Long.parseLong(message, start, end, 10);
        } catch (NumberFormatException e) {
            throw new MalformedEnvelopeException(what + " is not a number");
        }
    }

    /** A message on a gateway channel that no gateway published. */
    static final class MalformedEnvelopeException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        MalformedEnvelopeException(String problem) {
            super("malformed message on a gateway channel: " + problem);
        }
    }
}
