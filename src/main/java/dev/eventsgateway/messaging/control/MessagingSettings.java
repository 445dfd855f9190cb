package dev.eventsgateway.messaging.control;

import dev.eventsgateway.configuration.Environment;
import java.util.List;
import java.util.Locale;

/** Limits on client frames and message content. */
public record MessagingSettings(int maxMessageLength, int maxFrameBytes, List<String> blockedWords) {

    public static final String MAX_MESSAGE_LENGTH = "EVENTS_MAX_MESSAGE_LENGTH";
    public static final String MAX_FRAME_BYTES = "EVENTS_MAX_FRAME_BYTES";
    public static final String BLOCKED_WORDS = "EVENTS_BLOCKED_WORDS";
    /** The decoder does not parse frames above this size, so no configured limit may exceed it. */
    public static final int FRAME_BYTES_CEILING = 1024 * 1024;

    public MessagingSettings {
        blockedWords = blockedWords.stream().map(word -> word.toLowerCase(Locale.ROOT)).toList();
    }

    public static MessagingSettings fromEnvironment() {
        return from(Environment.system());
    }

    public static MessagingSettings from(Environment env) {
        return new MessagingSettings(
                env.integer(MAX_MESSAGE_LENGTH, 1000, 1, 100_000),
                env.integer(MAX_FRAME_BYTES, 65_536, 256, FRAME_BYTES_CEILING),
                env.list(BLOCKED_WORDS, ""));
    }

    public String describe() {
        return "maxMessageLength=" + maxMessageLength + ", maxFrameBytes=" + maxFrameBytes + ", blockedWords="
                + blockedWords.size();
    }
}
