package dev.eventsgateway.benchmark;

import java.util.List;

/**
 * Reads the position keys of a room publication or a join ack ({@code "epoch"}, {@code "offset"},
 * {@code "recovered"}) from a frame, and checks a recovery's offsets: every one after {@code since}, once, in order.
 */
final class Positions {

    private Positions() {
    }

    /** The last {@code "offset":N} of the frame (the publication's own, after its data), or -1. */
    static long offset(CharSequence frame) {
        String text = frame.toString();
        int at = text.lastIndexOf("\"offset\":");
        if (at < 0) {
            return -1;
        }
        int i = at + "\"offset\":".length();
        int end = i;
        while (end < text.length() && Character.isDigit(text.charAt(end))) {
            end++;
        }
        return end == i ? -1 : Long.parseLong(text.substring(i, end));
    }

    /** The last {@code "epoch":"..."} of the frame, or null. */
    static String epoch(CharSequence frame) {
        String text = frame.toString();
        int at = text.lastIndexOf("\"epoch\":\"");
        if (at < 0) {
            return null;
        }
        int start = at + "\"epoch\":\"".length();
        int end = text.indexOf('"', start);
        return end < 0 ? null : text.substring(start, end);
    }

    static boolean recovered(CharSequence frame) {
        return frame.toString().contains("\"recovered\":true");
    }

    static String since(String room, int id, String epoch, long offset) {
        return "{\"event\":\"join\",\"id\":" + id + ",\"data\":{\"room\":\"" + room + "\",\"since\":{\"epoch\":\""
                + epoch + "\",\"offset\":" + offset + "}}}";
    }

    /** Null when {@code offsets} are exactly since+1 .. since+count in order, else what is wrong with them. */
    static String gapOrDisorder(List<Long> offsets, long since, int count) {
        for (int i = 0; i < offsets.size(); i++) {
            if (offsets.get(i) != since + 1 + i) {
                return "frame " + (i + 1) + " has offset " + offsets.get(i) + ", expected " + (since + 1 + i);
            }
        }
        return offsets.size() == count ? null : offsets.size() + " frames, expected " + count;
    }
}
