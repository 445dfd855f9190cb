package dev.eventsgateway.connections.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.eventsgateway.system.Gateway;
import dev.eventsgateway.system.GatewayExtension;
import dev.eventsgateway.system.GatewayLauncher;
import dev.eventsgateway.system.ServerSettings;
import dev.eventsgateway.system.TestClient;
import dev.eventsgateway.system.Tokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** docs/protocol.md section 5: a connection beyond the server's or the user's limit is closed with 1013. */
@ExtendWith(GatewayExtension.class)
class ConnectionLimitsIT {

    private static final Duration RELEASE_WAIT = Duration.ofSeconds(15);

    @Test
    void connectionBeyondThePerUserLimitIsClosedWith1013(Gateway gateway) {
        List<TestClient> admitted = new ArrayList<>();
        try {
            for (int i = 0; i < ServerSettings.MAX_CONNECTIONS_PER_USER; i++) {
                admitted.add(gateway.connected("greedy"));
            }
            assertAtCapacity(gateway, "greedy");
            try (TestClient other = gateway.connected("modest")) {
                assertTrue(other.call("ping", null).getBoolean("success"), "other users are not affected");
            }

            admitted.remove(0).close();
            admitted.add(connectOnceReleased(gateway, "greedy"));
            assertAtCapacity(gateway, "greedy");
        } finally {
            admitted.forEach(TestClient::close);
        }
    }

    @Test
    void connectionBeyondTheServerLimitIsClosedWith1013(GatewayLauncher launcher) {
        assumeTrue(launcher.canLaunch(), "needs a server of its own with EVENTS_MAX_CONNECTIONS=3");
        List<TestClient> admitted = new ArrayList<>();
        try (var server = launcher.launch(Map.of("EVENTS_MAX_CONNECTIONS", "3"))) {
            Gateway small = server.gateway();
            for (int i = 0; i < 3; i++) {
                admitted.add(connectOnceReleased(small, "member-" + i));
            }
            assertAtCapacity(small, "latecomer");
            assertAtCapacity(small, "member-0");

            admitted.remove(0).close();
            admitted.add(connectOnceReleased(small, "latecomer"));
            assertAtCapacity(small, "another");
        } finally {
            admitted.forEach(TestClient::close);
        }
    }

    private static void assertAtCapacity(Gateway gateway, String user) {
        try (TestClient refused = gateway.connect(Tokens.forUser(user).sign())) {
            TestClient.Close close = refused.awaitClose();
            assertEquals(1013, close.code(), "close " + close);
            assertEquals("connection limit reached", close.reason());
            assertThrows(AssertionError.class, () -> refused.nextFrame(Duration.ZERO), "no connected frame");
        }
    }

    /** Connects as soon as the server has released a slot: a refused attempt is retried until the deadline. */
    private static TestClient connectOnceReleased(Gateway gateway, String user) {
        long deadline = System.nanoTime() + RELEASE_WAIT.toNanos();
        while (true) {
            TestClient client = gateway.connect(Tokens.forUser(user).sign());
            var refused = client.connectedOrClosed(TestClient.WAIT);
            if (refused.isEmpty()) {
                return client;
            }
            client.close();
            assertEquals(1013, refused.get().code(), "only the limit may refuse " + user);
            if (System.nanoTime() > deadline) {
                throw new AssertionError(user + " still refused after " + RELEASE_WAIT);
            }
        }
    }
}
