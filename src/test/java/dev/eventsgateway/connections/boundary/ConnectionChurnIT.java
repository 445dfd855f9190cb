package dev.eventsgateway.connections.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventsgateway.connections.control.Connections;
import dev.eventsgateway.rooms.control.RoomManager;
import dev.eventsgateway.system.Gateway;
import dev.eventsgateway.system.GatewayExtension;
import dev.eventsgateway.system.TestClient;
import dev.eventsgateway.system.Tokens;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Thousands of connections open, join, leave and drop, and leave no trace in the rooms or the registry. */
@ExtendWith(GatewayExtension.class)
class ConnectionChurnIT {

    private static final int CONNECTIONS = 2000;
    private static final int PARALLEL = 50;

    @Test
    void thousandsOfConnectionsLeaveNoTrace(Gateway gateway) throws Exception {
        try (TestClient observer = gateway.connected(Tokens.forUser("observer").admin())) {
            observer.join("ops:stats");
            ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
            try {
                List<CompletableFuture<Void>> runs = new ArrayList<>();
                for (int i = 0; i < CONNECTIONS; i++) {
                    int n = i;
                    runs.add(CompletableFuture.runAsync(() -> churn(gateway, n), pool));
                }
                CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get();
            } finally {
                pool.shutdownNow();
            }
            JsonObject settled = observer.next(frame -> "server:stats".equals(frame.getString("event"))
                    && frame.getJsonObject("data").getInt("connections") == 1
                    && frame.getJsonObject("data").getInt("rooms") == 1, Duration.ofSeconds(60));
            assertEquals(1, settled.getJsonObject("data").getInt("rooms"), "only ops:stats is left");
            gateway.bean(RoomManager.class).ifPresent(rooms -> {
                assertEquals(1, rooms.roomCount());
                assertEquals(1, rooms.membershipCount(), "only the observer is a member of anything");
            });
            gateway.bean(Connections.class).ifPresent(connections -> {
                assertEquals(1, connections.reserved(), "every slot was released");
                assertEquals(1, connections.users(), "no per-user counter is left behind");
            });
        }
    }

    /** One connection's life: joins two rooms, talks, leaves one, then goes away politely or abruptly. */
    private static void churn(Gateway gateway, int n) {
        TestClient client = gateway.connected("churn-" + n);
        String kept = "churn-room-" + n % 10;
        String left = "churn-other-" + n % 7;
        assertTrue(client.join(kept).getBoolean("success"));
        assertTrue(client.join(left).getBoolean("success"));
        client.say("hi from " + n, kept);
        assertTrue(client.leave(left).getBoolean("success"));
        if (n % 3 == 0) {
            client.abort();
        } else {
            client.close();
        }
    }
}
