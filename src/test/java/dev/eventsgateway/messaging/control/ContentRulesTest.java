package dev.eventsgateway.messaging.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eventsgateway.protocol.entity.ErrorCode;
import dev.eventsgateway.protocol.entity.Failure;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContentRulesTest {

    private static final String EMOJI = "😀";

    private final ContentRules rules = new ContentRules(new MessagingSettings(1000, 65_536, List.of("Darn", "heck")));

    private static Optional<Failure> blocked() {
        return Optional.of(Failure.of(ErrorCode.CONTENT_REJECTED, "content contains a blocked word"));
    }

    @Test
    void acceptsOrdinaryContent() {
        assertEquals(Optional.empty(), rules.check("hello, world"));
    }

    @Test
    void countsLengthInCodePoints() {
        assertEquals(2000, EMOJI.repeat(1000).length());

        assertEquals(Optional.empty(), rules.check(EMOJI.repeat(1000)));
        assertEquals(Optional.of(Failure.of(ErrorCode.MESSAGE_TOO_LONG, "content has 1001 characters, at most 1000 are allowed")),
                rules.check(EMOJI.repeat(1001)));
    }

    @Test
    void acceptsExactlyTheLimit() {
        assertEquals(Optional.empty(), rules.check("x".repeat(1000)));
        assertEquals(ErrorCode.MESSAGE_TOO_LONG, rules.check("x".repeat(1001)).orElseThrow().code());
    }

    @Test
    void honoursAConfiguredLimit() {
        ContentRules five = new ContentRules(new MessagingSettings(5, 65_536, List.of()));

        assertEquals(Optional.empty(), five.check("é€😀ab"));
        assertEquals(Optional.of(Failure.of(ErrorCode.MESSAGE_TOO_LONG, "content has 6 characters, at most 5 are allowed")),
                five.check("é€😀abc"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "   ", "\t\n", "\r\n ", "\u2003", "\u00a0\u00a0", "\u200b", "\u00a0\u200b\ufeff"})
    void refusesBlankContent(String content) {
        assertEquals(Optional.of(Failure.of(ErrorCode.BAD_REQUEST, "data.content must not be empty")),
                rules.check(content));
    }

    @Test
    void refusesMissingContent() {
        assertEquals(Optional.of(Failure.of(ErrorCode.BAD_REQUEST, "data.content must be a string")), rules.check(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"darn", "oh darn", "DARN it", "Darn!", "what the heck.", "(heck)", "darn-it", "x,darn,y",
            "well\nheck"})
    void refusesBlockedWordsInAnyCase(String content) {
        assertEquals(blocked(), rules.check(content));
    }

    @ParameterizedTest
    @ValueSource(strings = {"darning", "undarn", "darn_it", "heckle", "check", "d a r n", "darn2"})
    void acceptsBlockedWordsOnlyAsPartOfOtherWords(String content) {
        assertEquals(Optional.empty(), rules.check(content));
    }

    @Test
    void acceptsEverythingWithoutBlockedWords() {
        ContentRules open = new ContentRules(new MessagingSettings(1000, 65_536, List.of()));

        assertEquals(Optional.empty(), open.check("darn heck"));
    }
}
