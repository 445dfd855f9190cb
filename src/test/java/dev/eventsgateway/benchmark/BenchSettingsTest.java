package dev.eventsgateway.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BenchSettingsTest {

    @Test
    void historyIsOnOrOffInAnyCase() {
        assertTrue(BenchSettings.historyOn("on"));
        assertFalse(BenchSettings.historyOn("OFF"));
    }

    @Test
    void anyOtherHistoryValueIsRefusedWithThePropertysName() {
        var refused = assertThrows(IllegalArgumentException.class, () -> BenchSettings.historyOn("0"));

        assertEquals("bench.history must list on and/or off, not 0", refused.getMessage());
    }
}
