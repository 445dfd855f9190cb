package dev.eventsgateway.messaging.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventsgateway.auth.entity.Caller;
import dev.eventsgateway.auth.entity.RoomGrants;
import dev.eventsgateway.auth.entity.TokenLifetime;
import dev.eventsgateway.connections.control.Connection;
import dev.eventsgateway.connections.control.ConnectionSettings;
import dev.eventsgateway.connections.control.FakeTransport;
import dev.eventsgateway.protocol.entity.AckData;
import dev.eventsgateway.protocol.entity.Envelope;
import dev.eventsgateway.protocol.entity.ErrorCode;
import dev.eventsgateway.rooms.control.RoomSettings;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenRefreshHandlerTest {

    private final WiredNode node =
            new WiredNode(new ConnectionSettings(Duration.ofSeconds(25), 64, 100, 10, 0, 0), new RoomSettings(10, 100));
    private final TokenRefreshHandler handler = new TokenRefreshHandler(Tokens.VERIFIER, node.presence);
    private final Instant later = Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

    private Connection alice(List<String> rooms) {
        var caller = new Caller("alice", rooms == null ? RoomGrants.everyRoom() : RoomGrants.of(rooms), Set.of(),
                Instant.now().plusSeconds(20));
        return node.open(caller, new FakeTransport());
    }

    private Outcome refresh(Connection connection, String token) {
        return handler.refresh(connection, new Envelope.Refresh(new Envelope.TokenData(token)));
    }

    @Test
    void aFreshTokenForTheSameUserReplacesTheExpiryAndAcksIt() {
        Connection alice = alice(null);

        Outcome outcome = refresh(alice, Tokens.sign("alice", later, null));

        AckData ack = assertInstanceOf(Outcome.Success.class, outcome).data();
        assertEquals(later.toString().replace("Z", ".000Z"), ack.expiresAt());
        assertEquals(List.of(), ack.revoked());
        assertEquals(later, alice.lifetime().expiresAt());
        assertEquals(later.plusSeconds(30), alice.lifetime().closeAt());
    }

    @Test
    void roomsTheNewTokenNoLongerGrantsAreLeftAndTheirMembersTold() {
        Connection alice = alice(List.of("chat", "team-*"));
        FakeTransport bobTransport = new FakeTransport();
        Connection bob = node.open(new Caller("bob", RoomGrants.everyRoom(), Set.of(), later), bobTransport);
        node.presence.join(alice, "chat");
        node.presence.join(alice, "team-a");
        node.presence.join(bob, "team-a");
        bobTransport.clearSent();

        Outcome outcome = refresh(alice, Tokens.sign("alice", later, List.of("chat")));

        assertEquals(List.of("team-a"), assertInstanceOf(Outcome.Success.class, outcome).data().revoked());
        assertEquals(Set.of("chat"), alice.rooms());
        assertFalse(node.rooms.isMember(alice, "team-a"));
        assertEquals(List.of("{\"event\":\"user:left\",\"data\":{\"userId\":\"alice\",\"room\":\"team-a\"}}"),
                bobTransport.sent());
        assertFalse(alice.caller().canAccess("team-b"), "the new grants apply to later joins too");
    }

    @Test
    void aTokenForAnotherUserIsRefusedAndTheOldExpiryKept() {
        Connection alice = alice(null);
        TokenLifetime before = alice.lifetime();

        assertRefused(refresh(alice, Tokens.sign("mallory", later, null)), "another user");
        assertEquals(before, alice.lifetime());
        assertEquals("alice", alice.userId());
    }

    @Test
    void anExpiredForgedOrMalformedTokenIsRefusedAndTheOldExpiryKept() {
        Connection alice = alice(List.of("chat"));
        node.presence.join(alice, "chat");
        TokenLifetime before = alice.lifetime();

        assertRefused(refresh(alice, Tokens.sign("alice", Instant.now().minusSeconds(600), null)), "expired");
        assertRefused(refresh(alice, Tokens.sign("alice", later, null, "another-secret-0123456789abcdef!!")), "");
        assertRefused(refresh(alice, "not.a.token"), "malformed");

        assertEquals(before, alice.lifetime());
        assertTrue(node.rooms.isMember(alice, "chat"));
    }

    @Test
    void aRefreshWithoutDataIsABadRequest() {
        Outcome outcome = handler.refresh(alice(null), new Envelope.Refresh(null));

        assertEquals(ErrorCode.BAD_REQUEST, assertInstanceOf(Outcome.Failed.class, outcome).failure().code());
    }

    private static void assertRefused(Outcome outcome, String reason) {
        var failure = assertInstanceOf(Outcome.Failed.class, outcome).failure();
        assertEquals(ErrorCode.INVALID_TOKEN, failure.code());
        assertTrue(failure.message().toLowerCase(Locale.ROOT).contains(reason), failure.message());
        assertTrue(failure.message().contains("keeps its current token"), failure.message());
    }
}
