package dev.eventsgateway.broadcast.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventsgateway.system.Gateway;
import dev.eventsgateway.system.GatewayExtension;
import dev.eventsgateway.system.TestClient;
import dev.eventsgateway.system.Tokens;
import jakarta.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The scheduled {@code server:stats} push to room {@code ops:stats}. */
@ExtendWith(GatewayExtension.class)
class StatsBroadcasterIT {

    @Test
    void adminsInOpsStatsReceiveServerStats(Gateway gateway) {
        try (TestClient admin = gateway.connected(Tokens.forUser("operator").admin())) {
            assertTrue(admin.join("ops:stats").getBoolean("success"));
            JsonObject stats = admin.next("server:stats", Duration.ofSeconds(5)).getJsonObject("data");
            assertTrue(stats.getInt("connections") >= 1, stats.toString());
            assertTrue(stats.getInt("rooms") >= 1, stats.toString());
            assertTrue(stats.getString("timestamp").matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z"));
            JsonObject again = admin.next("server:stats", Duration.ofSeconds(5)).getJsonObject("data");
            assertTrue(again.getString("timestamp").compareTo(stats.getString("timestamp")) > 0, "pushed repeatedly");
        }
    }

    @Test
    void nonAdminsCannotJoinOpsStats(Gateway gateway) {
        try (TestClient user = gateway.connected("curious")) {
            assertEquals("FORBIDDEN", user.join("ops:stats").getString("code"));
        }
    }
}
