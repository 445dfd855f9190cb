package dev.eventsgateway.delivery.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventsgateway.configuration.ConfigurationException;
import dev.eventsgateway.configuration.Environment;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DeliverySettingsTest {

    @Test
    void withoutARedisUrlOneNodeRunsInMemory() {
        DeliverySettings settings = DeliverySettings.from(Environment.of(Map.of()));

        assertFalse(settings.clustered());
        assertEquals("single node, in memory", settings.describe());
    }

    @Test
    void aRedisUrlMakesACluster() {
        var env = Environment.of(Map.of(DeliverySettings.REDIS_URL, "redis://127.0.0.1:6379/2"));

        DeliverySettings settings = DeliverySettings.from(env);

        assertTrue(settings.clustered());
        assertEquals("cluster via redis://127.0.0.1:6379", settings.describe());
    }

    @Test
    void theDescriptionNeverShowsCredentials() {
        var env = Environment.of(Map.of(DeliverySettings.REDIS_URL, "rediss://gateway:s3cret@redis.example:6380"));

        String described = DeliverySettings.from(env).describe();

        assertEquals("cluster via rediss://redis.example:6380", described);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://user:s3cret@host:6379", "redis://user:s3cret@", "redis:s3cret", "redis://user:s3cret@host/x",
            "redis://user:s3cret@ho st"})
    void refusesAMalformedUrlNamingTheVariableButNotThePassword(String value) {
        var env = Environment.of(Map.of(DeliverySettings.REDIS_URL, value));

        var refused = assertThrows(ConfigurationException.class, () -> DeliverySettings.from(env));

        assertTrue(refused.getMessage().startsWith(DeliverySettings.REDIS_URL), refused.getMessage());
        assertFalse(refused.getMessage().contains("s3cret"), refused.getMessage());
    }
}
