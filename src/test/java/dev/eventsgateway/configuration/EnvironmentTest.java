package dev.eventsgateway.configuration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EnvironmentTest {

    @Test
    void systemPropertyOverridesTheEnvironmentVariable() {
        String name = System.getenv().entrySet().stream()
                .filter(e -> e.getKey().matches("[A-Z][A-Z0-9_]*") && !e.getValue().isBlank())
                .map(Map.Entry::getKey)
                .sorted()
                .findFirst()
                .orElse(null);
        assumeTrue(name != null, "needs at least one environment variable");
        assumeTrue(System.getProperty(name) == null, "a property of that name is already set");
        String fromEnv = System.getenv(name).trim();
        try {
            assertEquals(Optional.of(fromEnv), Environment.system().text(name));

            System.setProperty(name, "from-property-" + UUID.randomUUID());
            assertEquals(Optional.of(System.getProperty(name)), Environment.system().text(name));
        } finally {
            System.clearProperty(name);
        }
        assertEquals(Optional.of(fromEnv), Environment.system().text(name));
    }

    @Test
    void systemPropertyIsReadWhenNoEnvironmentVariableExists() {
        String name = "EVENTS_ENVIRONMENT_TEST_" + UUID.randomUUID().toString().replace('-', '_').toUpperCase();
        assertEquals(Optional.empty(), Environment.system().text(name));
        try {
            System.setProperty(name, "42");

            assertEquals(42, Environment.system().integer(name, 7, 0, 100));
        } finally {
            System.clearProperty(name);
        }
        assertEquals(7, Environment.system().integer(name, 7, 0, 100));
    }

    @Test
    void textIsTrimmedAndBlankCountsAsUnset() {
        Environment env = Environment.of(Map.of("A", "  value  ", "B", "   "));

        assertEquals(Optional.of("value"), env.text("A"));
        assertEquals(Optional.empty(), env.text("B"));
        assertEquals(Optional.empty(), env.text("C"));
        assertEquals("fallback", env.text("B", "fallback"));
    }

    @Test
    void integerChecksFormatAndRange() {
        Environment env = Environment.of(Map.of("N", "12", "BAD", "12x", "BIG", "101"));

        assertEquals(12, env.integer("N", 1, 0, 100));
        assertEquals(5, env.integer("UNSET", 5, 0, 100));
        assertEquals("BAD: must be a whole number, but is '12x'",
                assertThrows(ConfigurationException.class, () -> env.integer("BAD", 1, 0, 100)).getMessage());
        assertEquals("BIG: must be between 0 and 100, but is 101",
                assertThrows(ConfigurationException.class, () -> env.integer("BIG", 1, 0, 100)).getMessage());
    }

    @Test
    void durationsAreReadInTheirUnit() {
        Environment env = Environment.of(Map.of("MS", "1500", "S", "3"));

        assertEquals(Duration.ofMillis(1500), env.millis("MS", 1, 0, 10_000));
        assertEquals(Duration.ofSeconds(3), env.seconds("S", 1, 0, 10));
    }

    @Test
    void flagAcceptsOnlyTrueOrFalseInAnyCase() {
        Environment env = Environment.of(Map.of("T", "TRUE", "F", "False", "BAD", "yes"));

        assertTrue(env.flag("T", false));
        assertFalse(env.flag("F", true));
        assertTrue(env.flag("UNSET", true));
        assertEquals("BAD: must be true or false, but is 'yes'",
                assertThrows(ConfigurationException.class, () -> env.flag("BAD", false)).getMessage());
    }

    @Test
    void listSplitsOnCommasAndDropsEmptyEntries() {
        Environment env = Environment.of(Map.of("L", " a , b,,c ,"));

        assertEquals(List.of("a", "b", "c"), env.list("L", "x"));
        assertEquals(List.of("x", "y"), env.list("UNSET", "x,y"));
    }

    @Test
    void uriMustBeAbsolute() {
        Environment env = Environment.of(Map.of("OK", "https://keys.example/jwks.json", "REL", "jwks.json",
                "BAD", "http://exa mple"));

        assertEquals(Optional.of(URI.create("https://keys.example/jwks.json")), env.uri("OK"));
        assertEquals(Optional.empty(), env.uri("UNSET"));
        assertEquals("REL: must be an absolute URL, but is 'jwks.json'",
                assertThrows(ConfigurationException.class, () -> env.uri("REL")).getMessage());
        assertEquals("BAD: must be an absolute URL, but is 'http://exa mple'",
                assertThrows(ConfigurationException.class, () -> env.uri("BAD")).getMessage());
    }
}
