package dev.eventsgateway.messaging.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventsgateway.system.Gateway;
import dev.eventsgateway.system.GatewayExtension;
import dev.eventsgateway.system.ServerSettings;
import dev.eventsgateway.system.TestClient;
import dev.eventsgateway.system.Tokens;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * docs/protocol.md, token lifetime: {@code token:expiring} ahead of expiry, {@code refresh} with a fresh token for
 * the same user, refusals that keep the old expiry, and rooms a refreshed token no longer grants.
 */
@ExtendWith(GatewayExtension.class)
class TokenRefreshIT {

    private static final Duration SHORT_LIFE = Duration.ofSeconds(20);
    private static final Duration KEPT_ALIVE = Duration.ofSeconds(60);

    @Test
    void aTwentySecondTokenIsKeptAliveForAMinuteByRefreshesWhileAnUnrefreshedOneExpires(Gateway gateway) {
        try (TestClient kept = gateway.connect(Tokens.forUser("keeper").expiresIn(SHORT_LIFE).sign());
             TestClient lapsed = gateway.connect(Tokens.forUser("lapser").expiresIn(SHORT_LIFE).sign())) {
            Instant expiresAt = Instant.parse(kept.next("connected").getJsonObject("data").getString("expiresAt"));
            lapsed.next("connected");
            long started = System.nanoTime();
            int refreshes = 0;
            while (System.nanoTime() - started < KEPT_ALIVE.toNanos()) {
                JsonObject notice = kept.next("token:expiring", SHORT_LIFE);
                assertEquals(expiresAt, Instant.parse(notice.getJsonObject("data").getString("expiresAt")));
                assertTrue(Duration.between(Instant.now(), expiresAt).toMillis()
                        <= ServerSettings.EXPIRY_NOTICE_MS + 1500, "the notice comes within the configured lead");

                JsonObject ack = refresh(kept, Tokens.forUser("keeper").expiresIn(SHORT_LIFE).sign());

                assertTrue(ack.getBoolean("success"), ack.toString());
                Instant renewed = Instant.parse(ack.getString("expiresAt"));
                assertTrue(renewed.isAfter(expiresAt), "the new expiry is later: " + ack);
                assertEquals(0, ack.getJsonArray("revoked").size());
                expiresAt = renewed;
                refreshes++;
            }

            assertTrue(kept.call("ping", null).getBoolean("success"), "still open after " + refreshes + " refreshes");
            TestClient.Close close = lapsed.awaitClose(TestClient.WAIT);
            assertEquals(4401, close.code());
            assertEquals("token expired", close.reason());
            System.out.printf("token refresh (%s): a %d s token kept alive %d s by %d refreshes%n",
                    gateway.targetName(), SHORT_LIFE.toSeconds(), KEPT_ALIVE.toSeconds(), refreshes);
        }
    }

    @Test
    void refreshesWithAnotherSubjectAnExpiredOrAForgedTokenAreRefusedAndTheOldExpiryStays(Gateway gateway) {
        try (TestClient client = gateway.connect(Tokens.forUser("holder").sign())) {
            String expiresAt = client.next("connected").getJsonObject("data").getString("expiresAt");

            for (String refused : new String[] {
                    Tokens.forUser("intruder").sign(),
                    Tokens.forUser("holder").expiresIn(Duration.ofMinutes(-10)).sign(),
                    Tokens.forUser("holder").expiresIn(Duration.ofHours(5)).signedWith("forged-secret-0123456789-abcdefgh").sign(),
                    "not-a-token"}) {
                JsonObject ack = refresh(client, refused);
                assertFalse(ack.getBoolean("success"), ack.toString());
                assertEquals("INVALID_TOKEN", ack.getString("code"), ack.toString());
                assertFalse(ack.getString("message").contains(refused), "the token is never echoed");
            }

            JsonObject accepted = refresh(client, Tokens.forUser("holder").expiresIn(Duration.ofHours(2)).sign());
            assertTrue(accepted.getBoolean("success"));
            assertTrue(Instant.parse(accepted.getString("expiresAt")).isAfter(Instant.parse(expiresAt)));
        }
    }

    @Test
    void roomsARefreshedTokenNoLongerGrantsAreLeftAndTheOthersTold(Gateway gateway) {
        try (TestClient alice = gateway.connected(Tokens.forUser("alice").rooms("lobby", "team-*"));
             TestClient bob = gateway.connected("bob")) {
            alice.join("lobby");
            alice.join("team-red");
            bob.join("team-red");
            bob.clear();

            JsonObject ack = refresh(alice, Tokens.forUser("alice").rooms("lobby").sign());

            assertTrue(ack.getBoolean("success"), ack.toString());
            assertEquals(Json.createArrayBuilder().add("team-red").build(), ack.getJsonArray("revoked"));
            JsonObject left = bob.next("user:left").getJsonObject("data");
            assertEquals("alice", left.getString("userId"));
            assertEquals("team-red", left.getString("room"));
            assertEquals("FORBIDDEN", alice.join("team-red").getString("code"));
            assertTrue(alice.say("still here", "lobby").getBoolean("success"));
        }
    }

    private static JsonObject refresh(TestClient client, String token) {
        return client.call("refresh", Json.createObjectBuilder().add("token", token).build());
    }
}
