package dev.eventsgateway.delivery.control;

/**
 * What crosses Redis: {@code sent|except|frame} as published, {@code offset|epoch|sent|except|frame} as a room's
 * scripts hand it on, where {@code sent} is the publishing node's wall-clock millis, {@code except} the connection id the
 * frame skips (empty for none), and {@code offset} and {@code epoch} the position of a room publication (0 and empty
 * for a room frame that is none, such as {@code user:joined}); the frame travels without its position, which the
 * receiving node splices on.
 */
record RedisEnvelope(long sequence, String epoch, long sentAtMillis, String except, String frame) {

    private static final char SEPARATOR = '|';

    /** The part the publishing node sends: the script prefixes the sequence. */
    static String outbound(long sentAtMillis, String except, String frame) {
        return sentAtMillis + String.valueOf(SEPARATOR) + (except == null ? "" : except) + SEPARATOR + frame;
    }

    /** A room's message, as a script published it. */
    static RedisEnvelope sequenced(String message) {
        int end = numberEnd(message, 0, "sequence");
        int epochEnd = message.indexOf(SEPARATOR, end + 1);
        if (epochEnd < 0) {
            throw new MalformedEnvelopeException("no epoch");
        }
        return unsequenced(number(message, 0, end, "sequence"), message.substring(end + 1, epochEnd), message,
                epochEnd + 1);
    }

    /** A message to everyone, which has no order of its own. */
    static RedisEnvelope unsequenced(String message) {
        return unsequenced(0, "", message, 0);
    }

    /** Whether this is a room publication, with a position. */
    boolean positioned() {
        return sequence > 0;
    }

    private static RedisEnvelope unsequenced(long sequence, String epoch, String message, int start) {
        int sentEnd = numberEnd(message, start, "sending time");
        int exceptEnd = message.indexOf(SEPARATOR, sentEnd + 1);
        if (exceptEnd < 0) {
            throw new MalformedEnvelopeException("no sender part");
        }
        return new RedisEnvelope(sequence, epoch, number(message, start, sentEnd, "sending time"),
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
