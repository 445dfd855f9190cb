package dev.eventsgateway.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterScenarioTest {

    @Test
    void eachNodesCpuIsDividedByTheDeliveriesToItsOwnSubscribers() {
        // 1000 deliveries, 3 of 4 subscribers on A: A made 750 with 15000 us, B 250 with 5000 us, Redis 1000 us.
        Map<String, Object> window = Map.of("delivered", 1000L, "serverCpuUsPerDelivery", 15.0, "seconds", 2.0,
                "serverCores", 0.25);

        Map<String, Object> split = ClusterScenario.split(window, 4, 3, 5_000_000L, 1_000_000L);

        assertEquals(20.0, (double) split.get("nodeACpuUsPerDelivery"), 1e-9);
        assertEquals(20.0, (double) split.get("nodeBCpuUsPerDelivery"), 1e-9);
        assertEquals(1.0, (double) split.get("redisCpuUsPerDelivery"), 1e-9);
        assertEquals(20.0, (double) split.get("serverCpuUsPerDelivery"), 1e-9);
        assertEquals(0.25 + 0.0025, (double) split.get("serverCores"), 1e-9);
    }
}
