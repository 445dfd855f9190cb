package dev.eventsgateway.messaging.control;

import dev.eventsgateway.protocol.entity.ErrorCode;
import dev.eventsgateway.protocol.entity.Failure;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks message content: not blank, not longer than the limit in code points, free of blocked words. */
public final class ContentRules {

    private static final Pattern WORD_BREAK = Pattern.compile("[^\\p{L}\\p{N}_]+");

    private final int maxLength;
    private final Set<String> blockedWords;

    public ContentRules(MessagingSettings settings) {
        this.maxLength = settings.maxMessageLength();
        this.blockedWords = Set.copyOf(settings.blockedWords());
    }

    /** The failure for this content, or empty when it may be sent. */
    public Optional<Failure> check(String content) {
        if (content == null) {
            return Optional.of(Failure.of(ErrorCode.BAD_REQUEST, "data.content must be a string"));
        }
        if (isBlank(content)) {
            return Optional.of(Failure.of(ErrorCode.BAD_REQUEST, "data.content must not be empty"));
        }
        int length = content.codePointCount(0, content.length());
        if (length > maxLength) {
            return Optional.of(Failure.of(ErrorCode.MESSAGE_TOO_LONG,
                    "content has " + length + " characters, at most " + maxLength + " are allowed"));
        }
        if (containsBlockedWord(content)) {
            return Optional.of(Failure.of(ErrorCode.CONTENT_REJECTED, "content contains a blocked word"));
        }
        return Optional.empty();
    }

    /** White space of any kind, and invisible format characters such as zero-width spaces, show nothing. */
    private static boolean isBlank(String content) {
        return content.codePoints().allMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c)
                || Character.getType(c) == Character.FORMAT);
    }

    private boolean containsBlockedWord(String content) {
        if (blockedWords.isEmpty()) {
            return false;
        }
        for (String word : WORD_BREAK.split(content.toLowerCase(Locale.ROOT))) {
            if (blockedWords.contains(word)) {
                return true;
            }
        }
        return false;
    }
}
