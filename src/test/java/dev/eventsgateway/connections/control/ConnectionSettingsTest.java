package dev.eventsgateway.connections.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eventsgateway.configuration.ConfigurationException;
import dev.eventsgateway.configuration.Environment;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConnectionSettingsTest {

    @Test
    void defaultsMatchTheProtocol() {
        ConnectionSettings settings = ConnectionSettings.from(Environment.of(Map.of()));

        assertEquals(new ConnectionSettings(Duration.ofMillis(25_000), 512, 10_000, 10, 20, 40, 1_048_576,
                Duration.ofMillis(8_000)), settings);
    }

    @Test
    void readsEveryVariable() {
        ConnectionSettings settings = ConnectionSettings.from(Environment.of(Map.of(
                ConnectionSettings.HEARTBEAT_MS, "1500",
                ConnectionSettings.SEND_QUEUE_LIMIT, "64",
                ConnectionSettings.MAX_CONNECTIONS, "500",
                ConnectionSettings.MAX_CONNECTIONS_PER_USER, "3",
                ConnectionSettings.RATE_LIMIT_PER_SECOND, "5",
                ConnectionSettings.RATE_LIMIT_BURST, "7",
                ConnectionSettings.SEND_WINDOW_BYTES, "65536",
                ConnectionSettings.SEND_TIMEOUT_MS, "3000")));

        assertEquals(new ConnectionSettings(Duration.ofMillis(1500), 64, 500, 3, 5, 7, 65_536,
                Duration.ofMillis(3000)), settings);
    }

    @ParameterizedTest
    @CsvSource({
            "EVENTS_HEARTBEAT_MS, abc",
            "EVENTS_HEARTBEAT_MS, 499",
            "EVENTS_HEARTBEAT_MS, 3600001",
            "EVENTS_SEND_QUEUE_LIMIT, 0",
            "EVENTS_SEND_QUEUE_LIMIT, 1.5",
            "EVENTS_MAX_CONNECTIONS, 0",
            "EVENTS_MAX_CONNECTIONS, 99999999999",
            "EVENTS_MAX_CONNECTIONS_PER_USER, 0",
            "EVENTS_MAX_CONNECTIONS_PER_USER, ten",
            "EVENTS_RATE_LIMIT_PER_SECOND, -1",
            "EVENTS_RATE_LIMIT_BURST, -1",
            "EVENTS_RATE_LIMIT_BURST, 1000001",
            "EVENTS_SEND_WINDOW_BYTES, 4095",
            "EVENTS_SEND_WINDOW_BYTES, 1073741825",
            "EVENTS_SEND_TIMEOUT_MS, 999",
            "EVENTS_SEND_TIMEOUT_MS, soon"})
    void refusesAMalformedOrOutOfRangeValueNamingTheVariable(String variable, String value) {
        var e = assertThrows(ConfigurationException.class,
                () -> ConnectionSettings.from(Environment.of(Map.of(variable, value))));

        assertEquals(variable + ": ", e.getMessage().substring(0, variable.length() + 2));
    }

    @Test
    void describesADisabledRateLimitAsOff() {
        var settings = new ConnectionSettings(Duration.ofSeconds(25), 512, 10_000, 10, 0, 40);

        assertEquals("heartbeat=25000ms, sendQueueLimit=512, sendWindow=1048576B, sendTimeout=8000ms, "
                + "maxConnections=10000, maxConnectionsPerUser=10, "
                + "rateLimit=off", settings.describe());
    }

    @Test
    void describesTheRateLimit() {
        var settings = new ConnectionSettings(Duration.ofSeconds(25), 512, 10_000, 10, 20, 40);

        assertEquals("heartbeat=25000ms, sendQueueLimit=512, sendWindow=1048576B, sendTimeout=8000ms, "
                + "maxConnections=10000, maxConnectionsPerUser=10, "
                + "rateLimit=20/s burst 40", settings.describe());
    }
}
