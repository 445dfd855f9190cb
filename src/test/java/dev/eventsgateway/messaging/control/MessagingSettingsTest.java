package dev.eventsgateway.messaging.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eventsgateway.configuration.ConfigurationException;
import dev.eventsgateway.configuration.Environment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessagingSettingsTest {

    @Test
    void defaultsMatchTheProtocol() {
        MessagingSettings settings = MessagingSettings.from(Environment.of(Map.of()));

        assertEquals(new MessagingSettings(1000, 65_536, List.of()), settings);
    }

    @Test
    void readsBlockedWordsTrimmedAndLowerCased() {
        MessagingSettings settings = MessagingSettings.from(Environment.of(Map.of(
                MessagingSettings.BLOCKED_WORDS, " Darn, HECK ,, ")));

        assertEquals(List.of("darn", "heck"), settings.blockedWords());
    }

    @Test
    void acceptsAFrameLimitUpToTheCeiling() {
        MessagingSettings settings = MessagingSettings.from(Environment.of(Map.of(
                MessagingSettings.MAX_FRAME_BYTES, Integer.toString(MessagingSettings.FRAME_BYTES_CEILING),
                MessagingSettings.MAX_MESSAGE_LENGTH, "100000")));

        assertEquals(1_048_576, settings.maxFrameBytes());
        assertEquals(100_000, settings.maxMessageLength());
    }

    @ParameterizedTest
    @CsvSource({
            "EVENTS_MAX_MESSAGE_LENGTH, 0",
            "EVENTS_MAX_MESSAGE_LENGTH, 100001",
            "EVENTS_MAX_MESSAGE_LENGTH, lots",
            "EVENTS_MAX_FRAME_BYTES, 255",
            "EVENTS_MAX_FRAME_BYTES, 1048577",
            "EVENTS_MAX_FRAME_BYTES, 64k"})
    void refusesAMalformedOrOutOfRangeValueNamingTheVariable(String variable, String value) {
        var e = assertThrows(ConfigurationException.class,
                () -> MessagingSettings.from(Environment.of(Map.of(variable, value))));

        assertEquals(variable + ": ", e.getMessage().substring(0, variable.length() + 2));
    }

    @Test
    void describesTheLimits() {
        var settings = new MessagingSettings(1000, 65_536, List.of("a", "b"));

        assertEquals("maxMessageLength=1000, maxFrameBytes=65536, blockedWords=2", settings.describe());
    }
}
