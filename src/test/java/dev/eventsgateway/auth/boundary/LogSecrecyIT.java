package dev.eventsgateway.auth.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.eventsgateway.ops.boundary.OpsHttp;
import dev.eventsgateway.system.Gateway;
import dev.eventsgateway.system.GatewayExtension;
import dev.eventsgateway.system.ServerLog;
import dev.eventsgateway.system.TestClient;
import dev.eventsgateway.system.Tokens;
import jakarta.json.JsonArray;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * docs/protocol.md section 2 and the operations rules: tokens travel in query strings, yet the server log never holds a
 * token or a message body, while connect, close, authentication failure and rate limiting are logged with ids.
 */
@ExtendWith(GatewayExtension.class)
class LogSecrecyIT {

    private static final Duration LOG_WAIT = Duration.ofSeconds(15);

    @Test
    void serverLogNamesUsersAndConnectionsButNeverTokensOrBodies(Gateway gateway) {
        String user = "log-" + UUID.randomUUID();
        String token = Tokens.forUser(user).claim("marker", "token-secret-" + UUID.randomUUID()).sign();
        String wrongToken = Tokens.forUser(user + "-mallory").signedWith("another-secret-of-at-least-32-bytes-long!")
                .sign();
        String garbageToken = "garbage-token-" + UUID.randomUUID();
        String body = "body-secret-" + UUID.randomUUID();
        try (ServerLog log = ServerLog.capture(gateway)) {
            String connectionId;
            try (TestClient client = gateway.connect(token)) {
                connectionId = client.next("connected").getJsonObject("data").getString("connectionId");
                client.join("log-room");
                client.say(body, "log-room");
                client.say(body + " to everyone", null);
                for (int i = 0; i < 60; i++) {
                    client.request("ping", null);
                }
                client.next(frame -> "ack".equals(frame.getString("event"))
                        && !frame.getJsonObject("data").getBoolean("success"), TestClient.WAIT);
            }
            for (String refused : List.of(wrongToken, garbageToken, token + "tampered")) {
                try (TestClient client = gateway.connect(refused)) {
                    assertEquals(4401, client.awaitClose().code());
                }
            }

            String text = log.await(t -> t.contains("connection " + connectionId + " of user " + user + " closed")
                    && count(t, "authentication failed for connection") >= 3, LOG_WAIT);

            assertTrue(text.contains("connection " + connectionId + " opened for user " + user), text);
            assertTrue(text.contains("rate limited connection " + connectionId + " of user " + user), text);
            for (String secret : secrets(token, wrongToken, garbageToken, body)) {
                assertFalse(text.contains(secret), "the log holds '" + secret + "':\n" + text);
            }
        }
    }

    @Test
    void serverApiCallsAreLoggedWithTheirCallerAndCloseCodeButNeverTheTokenQueryOrBody(Gateway gateway) {
        assumeTrue(gateway.hasServletContainer(), "the server API is a servlet");
        String user = "log-api-" + UUID.randomUUID();
        String admin = Tokens.forUser("log-admin").admin().claim("marker", "admin-secret-" + UUID.randomUUID()).sign();
        String body = "api-body-secret-" + UUID.randomUUID();
        String reason = "reason-secret-" + UUID.randomUUID();
        String query = "query-secret-" + UUID.randomUUID();
        try (ServerLog log = ServerLog.capture(gateway); TestClient client = gateway.connected(user)) {
            client.join("log-api-room");
            String connectionId = connectionOf(gateway, admin, user);
            assertEquals(200, api(gateway, "GET", "/ops/api/rooms?limit=10&marker=" + query, admin, "").status());
            assertEquals(200, api(gateway, "POST", "/ops/api/rooms/log-api-room/events", admin,
                    "{\"event\":\"log-test\",\"data\":{\"text\":\"" + body + "\"}}").status());
            assertEquals(body, client.next("log-test").getJsonObject("data").getString("text"));
            assertEquals(200, api(gateway, "POST", "/ops/api/broadcast", admin,
                    "{\"event\":\"log-test\",\"data\":\"" + body + "\"}").status());
            assertEquals(401, api(gateway, "GET", "/ops/api/rooms", admin + "x", "").status());
            assertEquals(200, api(gateway, "POST", "/ops/api/users/" + user + "/disconnect", admin,
                    "{\"code\":4002,\"reason\":\"" + reason + "\"}").status());
            assertEquals(4002, client.awaitClose().code());

            String text = log.await(t -> t.contains("connection " + connectionId + " of user " + user
                    + " closed by the gateway with code 4002 (an operator's close)"), LOG_WAIT);

            assertTrue(text.contains("connection " + connectionId + " opened for user " + user), text);
            assertTrue(text.contains("admin log-admin published event log-test to room log-api-room"), text);
            assertTrue(text.contains("admin log-admin broadcast event log-test"), text);
            assertTrue(text.contains("admin log-admin disconnected user " + user + " with close code 4002"), text);
            String[] parts = admin.split("\\.");
            for (String secret : List.of(admin, parts[1], parts[2], body, reason, query, "marker")) {
                assertFalse(text.contains(secret), "the log holds '" + secret + "':\n" + text);
            }
        }
    }

    @Test
    void aClientsOwnCloseIsLoggedAsClosedByPeer(Gateway gateway) {
        String user = "log-peer-" + UUID.randomUUID();
        try (ServerLog log = ServerLog.capture(gateway)) {
            String connectionId;
            try (TestClient client = gateway.connect(Tokens.forUser(user).sign())) {
                connectionId = client.next("connected").getJsonObject("data").getString("connectionId");
            }
            log.await(t -> t.contains("connection " + connectionId + " of user " + user + " closed by peer"), LOG_WAIT);
        }
    }

    private static String connectionOf(Gateway gateway, String admin, String user) {
        Instant deadline = Instant.now().plus(LOG_WAIT);
        JsonArray connections;
        do {
            connections = api(gateway, "GET", "/ops/api/users/" + user + "/connections", admin, "").json()
                    .getJsonArray("connections");
        } while (connections.isEmpty() && Instant.now().isBefore(deadline));
        return connections.getJsonObject(0).getString("connectionId");
    }

    private static OpsHttp.Answer api(Gateway gateway, String method, String path, String token, String body) {
        return OpsHttp.send(HttpRequest.newBuilder(gateway.baseUri().resolve(path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, body.isEmpty() && method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static List<String> secrets(String token, String wrongToken, String garbageToken, String body) {
        String[] parts = token.split("\\.");
        String[] wrongParts = wrongToken.split("\\.");
        return List.of(token, parts[1], parts[2], wrongParts[1], wrongParts[2], garbageToken, body,
                "token=", "marker");
    }

    private static int count(String text, String needle) {
        int count = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
            count++;
        }
        return count;
    }
}
