package dev.eventsgateway.protocol.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimestampsTest {

    @Test
    void writesThreeFractionalDigitsEvenForWholeSeconds() {
        assertEquals("1970-01-01T00:00:00.000Z", Timestamps.iso(Instant.EPOCH));
        assertEquals("2024-01-02T03:04:05.000Z", Timestamps.iso(Instant.parse("2024-01-02T03:04:05Z")));
    }

    @Test
    void truncatesBelowMilliseconds() {
        assertEquals("2024-02-29T23:59:59.999Z", Timestamps.iso(Instant.parse("2024-02-29T23:59:59.999999999Z")));
        assertEquals("2024-01-02T03:04:05.000Z", Timestamps.iso(Instant.parse("2024-01-02T03:04:05.000900Z")));
        assertEquals("2024-01-02T03:04:05.120Z", Timestamps.iso(Instant.parse("2024-01-02T03:04:05.12Z")));
    }

    @Test
    void writesTheCurrentTimeInUtc() {
        Instant instant = Instant.now();
        String now = Timestamps.iso(instant);

        assertTrue(now.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z"), now);
        assertEquals(instant.truncatedTo(java.time.temporal.ChronoUnit.MILLIS), Instant.parse(now));
    }
}
