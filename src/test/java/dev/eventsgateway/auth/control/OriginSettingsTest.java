package dev.eventsgateway.auth.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventsgateway.configuration.ConfigurationException;
import dev.eventsgateway.configuration.Environment;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OriginSettingsTest {

    private static OriginSettings from(String value) {
        return OriginSettings.from(Environment.of(Map.of(OriginSettings.CORS_ORIGIN, value)));
    }

    @Test
    void defaultsToTheViteDevServer() {
        OriginSettings settings = OriginSettings.from(Environment.of(Map.of()));

        assertFalse(settings.anyOrigin());
        assertEquals(Set.of("http://localhost:5173"), settings.allowed());
    }

    @Test
    void readsACommaSeparatedListAndNormalizesEachOrigin() {
        OriginSettings settings = from(" HTTPS://App.Example.com:443/ , http://localhost:80,http://127.0.0.1:8080 ");

        assertEquals(Set.of("https://app.example.com", "http://localhost", "http://127.0.0.1:8080"), settings.allowed());
        assertEquals("http://127.0.0.1:8080,http://localhost,https://app.example.com", settings.describe());
    }

    @Test
    void starAllowsAnyOrigin() {
        OriginSettings settings = from("*");

        assertTrue(settings.anyOrigin());
        assertEquals(Set.of(), settings.allowed());
        assertEquals("*", settings.describe());
    }

    @Test
    void starAmongOthersAllowsAnyOrigin() {
        assertTrue(from("https://app.example.com, *").anyOrigin());
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost:5173", "ftp://files.example.com", "https://app.example.com/path", "null",
            "https://user@app.example.com", "https://app.example.com?x=1", "http://"})
    void refusesSomethingThatIsNotAnOriginNamingTheVariable(String entry) {
        var e = assertThrows(ConfigurationException.class, () -> from("https://ok.example, " + entry));

        assertEquals("CORS_ORIGIN: '" + entry + "' is not an origin such as https://app.example.com", e.getMessage());
    }

    @Test
    void refusesAListWithoutAnyOrigin() {
        var e = assertThrows(ConfigurationException.class, () -> from(" , ,"));

        assertEquals("CORS_ORIGIN: must name at least one origin, or * for any", e.getMessage());
    }
}
