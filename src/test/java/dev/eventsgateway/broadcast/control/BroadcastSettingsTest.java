package dev.eventsgateway.broadcast.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eventsgateway.configuration.ConfigurationException;
import dev.eventsgateway.configuration.Environment;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BroadcastSettingsTest {

    @Test
    void defaultsToTenSeconds() {
        assertEquals(Duration.ofSeconds(10), BroadcastSettings.from(Environment.of(Map.of())).statsInterval());
    }

    @Test
    void readsTheIntervalInSeconds() {
        var env = Environment.of(Map.of(BroadcastSettings.STATS_INTERVAL_SECONDS, "86400"));

        assertEquals(Duration.ofDays(1), BroadcastSettings.from(env).statsInterval());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "86401", "10s", "-1"})
    void refusesAMalformedOrOutOfRangeIntervalNamingTheVariable(String value) {
        var env = Environment.of(Map.of(BroadcastSettings.STATS_INTERVAL_SECONDS, value));

        var e = assertThrows(ConfigurationException.class, () -> BroadcastSettings.from(env));

        assertEquals("EVENTS_STATS_INTERVAL_SECONDS: ", e.getMessage().substring(0, 31));
    }
}
