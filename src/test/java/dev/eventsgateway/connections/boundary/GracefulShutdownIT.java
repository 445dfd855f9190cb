package dev.eventsgateway.connections.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.eventsgateway.system.GatewayExtension;
import dev.eventsgateway.system.GatewayLauncher;
import dev.eventsgateway.system.TestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A server that stops says goodbye: every open connection receives close 1001 before the server is gone, and nobody is
 * told of the others leaving.
 */
@ExtendWith(GatewayExtension.class)
class GracefulShutdownIT {

    @Test
    void everyConnectionReceives1001WhenTheServerStops(GatewayLauncher launcher) {
        assumeTrue(launcher.canLaunch(), "needs a server of its own to stop");
        List<TestClient> clients = new ArrayList<>();
        try (var server = launcher.launch(Map.of())) {
            for (int i = 0; i < 20; i++) {
                TestClient client = server.gateway().connected("leaving-" + i);
                client.join("shutdown-room");
                clients.add(client);
            }
        }
        for (TestClient client : clients) {
            TestClient.Close close = client.awaitClose(Duration.ofSeconds(30));
            assertEquals(1001, close.code(), "close " + close);
            // WildFly's WebSocket container closes its sessions itself (1001, no reason) when the server suspends.
            assertTrue(close.reason().isEmpty() || close.reason().equals("server shutting down"), close.reason());
            // Announcing each departure to everyone still open would make shutdown quadratic in a room's size.
            assertEquals(Optional.empty(), client.poll(frame -> "user:left".equals(frame.getString("event"))),
                    "no presence storm on shutdown");
        }
    }
}
