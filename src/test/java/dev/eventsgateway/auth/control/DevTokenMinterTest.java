package dev.eventsgateway.auth.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jwt.SignedJWT;
import dev.eventsgateway.auth.entity.Caller;
import dev.eventsgateway.auth.entity.RoomGrants;
import dev.eventsgateway.configuration.Environment;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DevTokenMinterTest {

    private static final String SECRET = "a-development-secret-of-32-bytes-or-more";
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private static AuthSettings settings(boolean devTokens, String... more) {
        Map<String, String> values = new HashMap<>();
        values.put(AuthSettings.SECRET, SECRET);
        values.put(AuthSettings.DEV_TOKENS, Boolean.toString(devTokens));
        for (int i = 0; i < more.length; i += 2) {
            values.put(more[i], more[i + 1]);
        }
        return AuthSettings.from(Environment.of(values));
    }

    private static DevTokenMinter minter(AuthSettings settings) {
        return new DevTokenMinter(settings, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void mintsATokenTheVerifierAccepts() {
        AuthSettings settings = settings(true);

        String token = minter(settings).mint("alice", List.of("admin"), List.of("chat", "team-*"), 600);
        Caller caller = new TokenVerifier(settings).verify(token);

        assertEquals("alice", caller.userId());
        assertEquals(Set.of("admin"), caller.roles());
        assertEquals(new RoomGrants(false, Set.of("chat"), List.of("team-")), caller.rooms());
        assertEquals(NOW.plusSeconds(600), caller.expiresAt());
    }

    @Test
    void mintsATokenForEveryRoomWhenRoomsAreNull() throws Exception {
        AuthSettings settings = settings(true);

        String token = minter(settings).mint("bob", List.of(), null, 60);

        assertEquals(RoomGrants.everyRoom(), new TokenVerifier(settings).verify(token).rooms());
        assertFalse(SignedJWT.parse(token).getJWTClaimsSet().getClaims().containsKey("rooms"));
    }

    @Test
    void includesTheConfiguredIssuerAndAudience() throws Exception {
        AuthSettings settings = settings(true, AuthSettings.ISSUER, "https://issuer.example",
                AuthSettings.AUDIENCE, "events");

        String token = minter(settings).mint("alice", List.of(), null, 60);

        assertEquals("alice", new TokenVerifier(settings).verify(token).userId());
        var claims = SignedJWT.parse(token).getJWTClaimsSet();
        assertEquals("https://issuer.example", claims.getIssuer());
        assertEquals(List.of("events"), claims.getAudience());
        assertEquals(NOW, claims.getIssueTime().toInstant());
        assertEquals("HS256", SignedJWT.parse(token).getHeader().getAlgorithm().getName());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"has space", "ünicode", "semi;colon", "slash/", "new\nline"})
    void refusesABadUserName(String user) {
        DevTokenMinter minter = minter(settings(true));

        var e = assertThrows(IllegalArgumentException.class, () -> minter.mint(user, List.of(), null, 60));

        assertEquals("user must be 1 to 64 characters from A-Z a-z 0-9 . _ @ -", e.getMessage());
    }

    @Test
    void refusesAUserNameLongerThan64Characters() {
        DevTokenMinter minter = minter(settings(true));

        assertThrows(IllegalArgumentException.class, () -> minter.mint("a".repeat(65), List.of(), null, 60));
        assertEquals("a".repeat(64), new TokenVerifier(settings(true))
                .verify(minter.mint("a".repeat(64), List.of(), null, 60)).userId());
    }

    @Test
    void acceptsEveryAllowedCharacterInAUserName() {
        AuthSettings settings = settings(true);

        String token = minter(settings).mint("Jo.e_1@ex-ample", List.of(), null, 60);

        assertEquals("Jo.e_1@ex-ample", new TokenVerifier(settings).verify(token).userId());
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, 86_401, Long.MAX_VALUE})
    void refusesALifetimeOutsideOneSecondToOneDay(long ttl) {
        DevTokenMinter minter = minter(settings(true));

        var e = assertThrows(IllegalArgumentException.class, () -> minter.mint("alice", List.of(), null, ttl));

        assertEquals("ttl must be between 1 and 86400 seconds", e.getMessage());
    }

    @Test
    void acceptsTheLifetimeBounds() {
        AuthSettings settings = settings(true);
        TokenVerifier verifier = new TokenVerifier(settings);

        assertEquals(NOW.plusSeconds(1), verifier.verify(minter(settings).mint("alice", List.of(), null, 1)).expiresAt());
        assertEquals(NOW.plusSeconds(86_400),
                verifier.verify(minter(settings).mint("alice", List.of(), null, 86_400)).expiresAt());
    }

    @Test
    void refusesWhenDevTokensAreDisabled() {
        DevTokenMinter minter = minter(settings(false));

        var e = assertThrows(IllegalStateException.class, () -> minter.mint("alice", List.of(), null, 60));

        assertEquals("development tokens are disabled", e.getMessage());
    }
}
