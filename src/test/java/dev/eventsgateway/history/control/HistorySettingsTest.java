package dev.eventsgateway.history.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventsgateway.configuration.ConfigurationException;
import dev.eventsgateway.configuration.Environment;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HistorySettingsTest {

    @Test
    void defaultsAsDocumented() {
        assertEquals(new HistorySettings(100, Duration.ofSeconds(300), 300, 67_108_864L),
                HistorySettings.from(Environment.of(Map.of())));
    }

    @Test
    void readsEveryVariable() {
        assertEquals(new HistorySettings(0, Duration.ofSeconds(5), 7, 1_048_576L),
                HistorySettings.from(Environment.of(Map.of("EVENTS_HISTORY_SIZE", "0",
                        "EVENTS_HISTORY_TTL_SECONDS", "5", "EVENTS_RECOVERY_MAX", "7",
                        "EVENTS_HISTORY_MEMORY_BYTES", "1048576"))));
    }

    @Test
    void aBadValueNamesItsVariable() {
        for (Map.Entry<String, String> bad : Map.of("EVENTS_HISTORY_SIZE", "-1", "EVENTS_HISTORY_TTL_SECONDS", "0",
                "EVENTS_RECOVERY_MAX", "many", "EVENTS_HISTORY_MEMORY_BYTES", "1024").entrySet()) {
            ConfigurationException refused = assertThrows(ConfigurationException.class,
                    () -> HistorySettings.from(Environment.of(Map.of(bad.getKey(), bad.getValue()))));
            assertTrue(refused.getMessage().contains(bad.getKey()), refused.getMessage());
        }
    }
}
