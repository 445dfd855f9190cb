package dev.eventsgateway.auth.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.eventsgateway.system.Gateway;
import dev.eventsgateway.system.GatewayExtension;
import dev.eventsgateway.system.RawHandshake;
import dev.eventsgateway.system.ServerSettings;
import dev.eventsgateway.system.TestClient;
import dev.eventsgateway.system.Tokens;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** docs/protocol.md section 2 over a real socket: the connected frame, every 4401 reason, and the Origin rules. */
@ExtendWith(GatewayExtension.class)
class HandshakeIT {

    @Test
    void firstFrameIsConnectedWithUserConnectionHeartbeatProtocolAndExpiry(Gateway gateway) {
        Instant exp = Instant.now().plus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.SECONDS);
        try (TestClient client = gateway.connect(Tokens.forUser("alice").expiresAt(exp).sign())) {
            JsonObject first = client.nextFrame(TestClient.WAIT);
            assertEquals("connected", first.getString("event"));
            JsonObject data = first.getJsonObject("data");
            assertEquals("alice", data.getString("userId"));
            assertTrue(data.getString("connectionId").length() >= 8, "opaque connection id");
            assertEquals(ServerSettings.HEARTBEAT_MS, data.getJsonNumber("heartbeatMs").intValue());
            assertEquals("1.2", data.getString("protocol"));
            assertEquals(exp, Instant.parse(data.getString("expiresAt")));
            assertTrue(data.getString("expiresAt").endsWith(".000Z"), "ISO-8601 with milliseconds");
        }
    }

    @Test
    void connectionIdsDiffer(Gateway gateway) {
        try (TestClient first = gateway.connect(Tokens.forUser("bob").sign());
             TestClient second = gateway.connect(Tokens.forUser("bob").sign())) {
            String one = first.next("connected").getJsonObject("data").getString("connectionId");
            String two = second.next("connected").getJsonObject("data").getString("connectionId");
            assertTrue(!one.equals(two), "each connection has its own id");
        }
    }

    @Test
    void acceptsTokenInAuthorizationHeader(Gateway gateway) {
        String token = Tokens.forUser("header-user").sign();
        try (TestClient client = TestClient.connect(gateway.eventsUri(null), Map.of("Authorization", "Bearer " + token))) {
            assertEquals("header-user", client.next("connected").getJsonObject("data").getString("userId"));
        }
    }

    @Test
    void concurrentHandshakesEachKeepTheirOwnCaller(Gateway gateway) throws Exception {
        var pool = Executors.newFixedThreadPool(16);
        try {
            List<CompletableFuture<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                String user = "parallel-" + i;
                results.add(CompletableFuture.supplyAsync(() -> {
                    try (TestClient client = gateway.connect(Tokens.forUser(user).sign())) {
                        return user.equals(client.next("connected").getJsonObject("data").getString("userId"));
                    }
                }, pool));
            }
            for (CompletableFuture<Boolean> result : results) {
                assertTrue(result.get(), "every connection sees its own user id");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void missingTokenClosesWith4401(Gateway gateway) {
        assertInvalidCredentials(gateway, null);
    }

    @Test
    void malformedTokenClosesWith4401(Gateway gateway) {
        assertInvalidCredentials(gateway, "not.a.jwt");
    }

    @Test
    void wronglySignedTokenClosesWith4401(Gateway gateway) {
        assertInvalidCredentials(gateway, Tokens.forUser("mallory").signedWith("another-secret-of-at-least-32-bytes!!").sign());
    }

    @Test
    void unsignedTokenClosesWith4401(Gateway gateway) {
        assertInvalidCredentials(gateway, Tokens.forUser("mallory").unsigned());
    }

    @Test
    void expiredTokenClosesWith4401(Gateway gateway) {
        assertInvalidCredentials(gateway, Tokens.forUser("late").expiresIn(Duration.ofMinutes(-5)).sign());
    }

    @Test
    void notYetValidTokenClosesWith4401(Gateway gateway) {
        assertInvalidCredentials(gateway, Tokens.forUser("early").notBefore(Instant.now().plus(Duration.ofMinutes(5))).sign());
    }

    @Test
    void tokenIssuedInTheFutureClosesWith4401(Gateway gateway) {
        assertInvalidCredentials(gateway, Tokens.forUser("early").issuedAt(Instant.now().plus(Duration.ofMinutes(5))).sign());
    }

    @Test
    void tokenWithoutSubjectClosesWith4401(Gateway gateway) {
        assertInvalidCredentials(gateway, Tokens.withoutSubject().sign());
    }

    @Test
    void tokenWithoutExpiryClosesWith4401(Gateway gateway) {
        assertInvalidCredentials(gateway, Tokens.forUser("forever").withoutExpiry().sign());
    }

    @Test
    void tokenWithRoomsOfTheWrongTypeClosesWith4401(Gateway gateway) {
        assertInvalidCredentials(gateway, Tokens.forUser("odd").claim("rooms", "lobby").sign());
    }

    @Test
    void tokenExpiringDuringTheConnectionClosesWith4401TokenExpired(Gateway gateway) {
        try (TestClient client = gateway.connect(Tokens.forUser("short-lived").expiresIn(Duration.ofSeconds(2)).sign())) {
            client.next("connected");
            TestClient.Close close = client.awaitClose(Duration.ofSeconds(15));
            assertEquals(4401, close.code());
            assertEquals("token expired", close.reason());
        }
    }

    @Test
    void foreignOriginIsRefusedWith403(Gateway gateway) {
        assertEquals(403, RawHandshake.status(gateway.baseUri(), "http://evil.example", Tokens.forUser("alice").sign()));
        assertEquals(403, RawHandshake.status(gateway.baseUri(), "null", Tokens.forUser("alice").sign()),
                "the opaque origin of sandboxed pages is foreign too");
    }

    @Test
    void allowedOriginGetsTheUpgrade(Gateway gateway) {
        assertEquals(101, RawHandshake.status(gateway.baseUri(), ServerSettings.ALLOWED_ORIGIN, Tokens.forUser("alice").sign()));
    }

    @Test
    void configuredOriginIsAccepted(Gateway gateway) {
        try (TestClient client = gateway.connect(Tokens.forUser("alice").sign(),
                Map.of("Origin", ServerSettings.ALLOWED_ORIGIN))) {
            assertEquals("alice", client.next("connected").getJsonObject("data").getString("userId"));
        }
    }

    @Test
    void requestWithoutOriginIsAccepted(Gateway gateway) {
        try (TestClient client = gateway.connect(Tokens.forUser("alice").sign(), Map.of())) {
            assertEquals("alice", client.next("connected").getJsonObject("data").getString("userId"));
        }
    }

    @Test
    void gatewaysOwnOriginIsAccepted(Gateway gateway) {
        assumeTrue(gateway.hasServletContainer(), "the own-origin rule needs the request's Host, which only the servlet filter sees");
        try (TestClient client = gateway.connect(Tokens.forUser("alice").sign(), Map.of("Origin", gateway.ownOrigin()))) {
            assertEquals("alice", client.next("connected").getJsonObject("data").getString("userId"));
        }
    }

    private static void assertInvalidCredentials(Gateway gateway, String token) {
        try (TestClient client = gateway.connect(token)) {
            TestClient.Close close = client.awaitClose();
            assertEquals(4401, close.code());
            assertEquals("invalid credentials", close.reason());
            assertThrows(AssertionError.class, () -> client.nextFrame(Duration.ZERO), "nothing is sent before the close");
        }
    }
}
