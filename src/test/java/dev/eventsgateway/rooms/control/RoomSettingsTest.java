package dev.eventsgateway.rooms.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eventsgateway.configuration.ConfigurationException;
import dev.eventsgateway.configuration.Environment;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RoomSettingsTest {

    @Test
    void defaultsToOneHundredRoomsPerConnection() {
        assertEquals(100, RoomSettings.from(Environment.of(Map.of())).maxRoomsPerConnection());
    }

    @Test
    void readsTheLimit() {
        var env = Environment.of(Map.of(RoomSettings.MAX_ROOMS_PER_CONNECTION, " 7 "));

        assertEquals(7, RoomSettings.from(env).maxRoomsPerConnection());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-3", "100001", "many", "2.5"})
    void refusesAMalformedOrOutOfRangeLimitNamingTheVariable(String value) {
        var env = Environment.of(Map.of(RoomSettings.MAX_ROOMS_PER_CONNECTION, value));

        var e = assertThrows(ConfigurationException.class, () -> RoomSettings.from(env));

        assertEquals("EVENTS_MAX_ROOMS_PER_CONNECTION: ", e.getMessage().substring(0, 33));
    }
}
