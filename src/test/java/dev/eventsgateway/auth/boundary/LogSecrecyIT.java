package dev.eventsgateway.auth.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventsgateway.system.Gateway;
import dev.eventsgateway.system.GatewayExtension;
import dev.eventsgateway.system.ServerLog;
import dev.eventsgateway.system.TestClient;
import dev.eventsgateway.system.Tokens;
import java.time.Duration;
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
