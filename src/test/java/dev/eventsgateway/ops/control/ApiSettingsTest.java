package dev.eventsgateway.ops.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventsgateway.configuration.ConfigurationException;
import dev.eventsgateway.configuration.Environment;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiSettingsTest {

    @Test
    void withoutAKeyOnlyAdminTokensGetIn() {
        assertEquals(Optional.empty(), ApiSettings.from(Environment.of(Map.of())).apiKey());
    }

    @Test
    void aKeyOfAtLeast32CharactersIsTaken() {
        String key = "k".repeat(32);
        assertEquals(Optional.of(key), ApiSettings.from(Environment.of(Map.of("EVENTS_API_KEY", key))).apiKey());
    }

    @Test
    void aShortKeyFailsTheDeploymentNamingTheVariable() {
        var failure = assertThrows(ConfigurationException.class,
                () -> ApiSettings.from(Environment.of(Map.of("EVENTS_API_KEY", "too-short"))));
        assertTrue(failure.getMessage().contains("EVENTS_API_KEY"), failure.getMessage());
        assertFalse(failure.getMessage().contains("too-short"), "the key must not be echoed");
    }

    @Test
    void theDescriptionNeverShowsTheKey() {
        String key = "secret-".repeat(6);
        assertEquals("apiKey=set", ApiSettings.from(Environment.of(Map.of("EVENTS_API_KEY", key))).describe());
    }
}
