package dev.eventsgateway.ops.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventsgateway.configuration.ConfigurationException;
import dev.eventsgateway.configuration.Environment;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
        assertEquals("apiKey=set, cors=closed",
                ApiSettings.from(Environment.of(Map.of("EVENTS_API_KEY", key))).describe());
    }

    @Test
    void withoutCorsOriginsCorsIsClosed() {
        assertEquals(Set.of(), ApiSettings.from(Environment.of(Map.of())).corsOrigins());
        assertEquals(Set.of(), cors(" , ").corsOrigins());
    }

    @Test
    void corsOriginsAreACommaSeparatedListOfNormalizedOrigins() {
        ApiSettings settings = cors(" https://Admin.Example.com:443 ,http://localhost:8081");

        assertEquals(Set.of("https://admin.example.com", "http://localhost:8081"), settings.corsOrigins());
        assertEquals("apiKey=unset, cors=http://localhost:8081,https://admin.example.com", settings.describe());
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "https://admin.example.com, *"})
    void aWildcardCorsOriginFailsTheDeploymentNamingTheVariable(String value) {
        var failure = assertThrows(ConfigurationException.class, () -> cors(value));
        assertTrue(failure.getMessage().startsWith("EVENTS_API_CORS_ORIGINS: * is not allowed"), failure.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"admin.example.com", "https://admin.example.com/path", "null", "ftp://admin.example.com",
            "https://admin.example.com:port", "https://user@admin.example.com"})
    void aMalformedCorsOriginFailsTheDeploymentNamingTheVariable(String entry) {
        var failure = assertThrows(ConfigurationException.class, () -> cors("https://ok.example, " + entry));
        assertEquals("EVENTS_API_CORS_ORIGINS: '" + entry + "' is not an origin such as https://app.example.com",
                failure.getMessage());
    }

    private static ApiSettings cors(String origins) {
        return ApiSettings.from(Environment.of(Map.of("EVENTS_API_CORS_ORIGINS", origins)));
    }
}
