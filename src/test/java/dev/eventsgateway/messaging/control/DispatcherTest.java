package dev.eventsgateway.messaging.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventsgateway.auth.entity.Caller;
import dev.eventsgateway.auth.entity.RoomGrants;
import dev.eventsgateway.connections.control.Connection;
import dev.eventsgateway.delivery.control.DeliveryUnavailableException;
import dev.eventsgateway.connections.control.ConnectionSettings;
import dev.eventsgateway.connections.control.Connections;
import dev.eventsgateway.connections.control.Disconnected;
import dev.eventsgateway.connections.control.Disconnects;
import dev.eventsgateway.connections.control.FakeTransport;
import dev.eventsgateway.connections.control.ForwardingEvent;
import dev.eventsgateway.history.control.HistorySettings;
import dev.eventsgateway.history.control.RoomLogs;
import dev.eventsgateway.messaging.boundary.EnvelopeDecoder;
import dev.eventsgateway.protocol.entity.CloseCode;
import dev.eventsgateway.protocol.entity.InboundFrame;
import dev.eventsgateway.protocol.entity.RequestId;
import dev.eventsgateway.rooms.control.RoomManager;
import dev.eventsgateway.rooms.control.RoomSettings;
import dev.eventsgateway.rooms.entity.Published;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DispatcherTest {

    private static final Instant NOW = Instant.parse("2024-05-06T07:08:09.123456Z");
    private static final String TIMESTAMP = "2024-05-06T07:08:09.123Z";
    private static final String EPOCH = "e1";
    private static final Instant DEADLINE = Instant.parse("2030-01-01T00:00:00Z");
    private static final String INVALID_ROOM = "a room name is 1 to 64 characters from A-Z a-z 0-9 . _ : -";

    private final EnvelopeDecoder decoder = new EnvelopeDecoder();
    private Connections connections;
    private RoomManager rooms;
    private Dispatcher dispatcher;

    DispatcherTest() {
        gateway(0, 0, 65_536, DispatcherTest::roomManager);
    }

    private void gateway(int ratePerSecond, int burst, int maxFrameBytes, RoomManagerFactory roomManager) {
        var disconnected = new ForwardingEvent<Disconnected>();
        var disconnects = new Disconnects(disconnected, Runnable::run);
        connections = new Connections(new ConnectionSettings(Duration.ofSeconds(25), 512, 100, 10, ratePerSecond, burst),
                disconnects);
        RoomSettings roomSettings = new RoomSettings(2, 100);
        rooms = roomManager.create(connections, disconnects, roomSettings);
        RoomPresence presence = new RoomPresence(rooms);
        disconnected.observe(presence::disconnected);
        MessagingSettings messaging = new MessagingSettings(1000, maxFrameBytes, List.of("darn"));
        ChatHandler chat = new ChatHandler(rooms, new ContentRules(messaging), Clock.fixed(NOW, ZoneOffset.UTC));
        dispatcher = new Dispatcher(messaging, chat, new MembershipHandler(presence, roomSettings),
                new TokenRefreshHandler(Tokens.VERIFIER, presence), new HistoryHandler(rooms, HistorySettings.defaults()),
                new PresenceHandler(rooms));
    }

    private static RoomManager roomManager(Connections connections, Disconnects disconnects, RoomSettings settings) {
        return new RoomManager(connections, disconnects, settings, logs());
    }

    /** Histories whose every room has epoch {@link #EPOCH}, so that positions are known in advance. */
    private static RoomLogs logs() {
        return new RoomLogs(HistorySettings.defaults(), Clock.fixed(NOW, ZoneOffset.UTC), () -> EPOCH);
    }

    /** Builds the room manager, so that a test can make one fail. */
    private interface RoomManagerFactory {
        RoomManager create(Connections connections, Disconnects disconnects, RoomSettings settings);
    }

    private Connection open(String user, FakeTransport transport, RoomGrants grants, String... roles) {
        var caller = new Caller(user, grants, Set.of(roles), DEADLINE);
        Connection connection = connections.reserve(caller, WiredNode.LIFETIME, transport, 0).orElseThrow();
        connections.activate(connection);
        return connection;
    }

    private Connection open(String user, FakeTransport transport) {
        return open(user, transport, RoomGrants.everyRoom());
    }

    private void send(Connection connection, String text) {
        dispatcher.dispatch(connection, decoder.decode(text), 0);
    }

    private static String ack(String id, String data) {
        return "{\"event\":\"ack\",\"id\":" + id + ",\"data\":" + data + "}";
    }

    private static String failedAck(String id, String code, String message) {
        return ack(id, "{\"success\":false,\"code\":\"" + code + "\",\"message\":\"" + message + "\"}");
    }

    private static String error(String code, String message) {
        return "{\"event\":\"error\",\"data\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}";
    }

    /** A room message as the room's publication at {@code offset}. */
    private static String chat(String sender, String content, String room, long offset) {
        String frame = chat(sender, content, room);
        return frame.substring(0, frame.length() - 1) + ",\"room\":\"" + room + "\",\"epoch\":\"" + EPOCH
                + "\",\"offset\":" + offset + "}";
    }

    private static String joined(String room, long offset) {
        return "{\"success\":true,\"room\":\"" + room + "\",\"epoch\":\"" + EPOCH + "\",\"offset\":" + offset + "}";
    }

    private static String chat(String sender, String content, String room) {
        String roomJson = room == null ? "null" : "\"" + room + "\"";
        return "{\"event\":\"message\",\"data\":{\"senderId\":\"" + sender + "\",\"content\":\"" + content
                + "\",\"room\":" + roomJson + ",\"timestamp\":\"" + TIMESTAMP + "\"}}";
    }

    // --- acks ----------------------------------------------------------------------------------------------------

    @Test
    void ignoresFramesOfAConnectionAlreadyClosed() {
        FakeTransport aliceTransport = new FakeTransport();
        FakeTransport bobTransport = new FakeTransport();
        Connection alice = open("alice", aliceTransport);
        Connection bob = open("bob", bobTransport);
        send(alice, "{\"event\":\"join\",\"data\":{\"room\":\"chat\"}}");
        send(bob, "{\"event\":\"join\",\"data\":{\"room\":\"chat\"}}");
        alice.close(dev.eventsgateway.protocol.entity.CloseCode.RATE_ABUSE);
        aliceTransport.clearSent();
        bobTransport.clearSent();

        send(alice, "{\"event\":\"message\",\"id\":1,\"data\":{\"content\":\"late\",\"room\":\"chat\"}}");
        send(alice, "{\"event\":\"message\",\"data\":{\"content\":\"late\"}}");

        assertEquals(List.of(), aliceTransport.sent());
        assertEquals(List.of(), bobTransport.sent(), "a closed connection posts nothing");
    }

    @Test
    void answersAPingWithIdWithAnAck() {
        FakeTransport t = new FakeTransport();
        Connection alice = open("alice", t);

        send(alice, "{\"event\":\"ping\",\"id\":1}");
        send(alice, "{\"event\":\"ping\",\"id\":\"p-2\"}");

        assertEquals(List.of(ack("1", "{\"success\":true}"), ack("\"p-2\"", "{\"success\":true}")), t.sent());
    }

    @Test
    void answersAPingWithoutIdWithAnIdlessAck() {
        FakeTransport t = new FakeTransport();
        Connection alice = open("alice", t);

        send(alice, "{\"event\":\"ping\"}");

        assertEquals(List.of("{\"event\":\"ack\",\"data\":{\"success\":true}}"), t.sent());
    }

    @Test
    void acksAJoinAndALeaveWithTheRoom() {
        FakeTransport t = new FakeTransport();
        Connection alice = open("alice", t);

        send(alice, "{\"event\":\"join\",\"id\":8,\"data\":{\"room\":\"chat\"}}");
        send(alice, "{\"event\":\"join\",\"id\":9,\"data\":{\"room\":\"chat\"}}");
        send(alice, "{\"event\":\"leave\",\"id\":10,\"data\":{\"room\":\"chat\"}}");
        send(alice, "{\"event\":\"leave\",\"id\":11,\"data\":{\"room\":\"chat\"}}");

        assertEquals(List.of(ack("8", joined("chat", 0)),
                ack("9", joined("chat", 0)),
                ack("10", "{\"success\":true,\"room\":\"chat\"}"),
                ack("11", "{\"success\":true,\"room\":\"chat\"}")), t.sent());
        assertFalse(rooms.isMember(alice, "chat"));
    }

    @Test
    void aJoinWithSinceRecoversTheMissedPublicationsBeforeItsAck() {
        FakeTransport t = new FakeTransport();
        FakeTransport bobTransport = new FakeTransport();
        Connection alice = open("alice", t);
        Connection bob = open("bob", bobTransport);
        send(bob, "{\"event\":\"join\",\"data\":{\"room\":\"chat\"}}");
        send(alice, "{\"event\":\"join\",\"data\":{\"room\":\"chat\"}}");
        send(bob, "{\"event\":\"message\",\"data\":{\"content\":\"one\",\"room\":\"chat\"}}");
        send(alice, "{\"event\":\"leave\",\"data\":{\"room\":\"chat\"}}");
        send(bob, "{\"event\":\"message\",\"data\":{\"content\":\"two\",\"room\":\"chat\"}}");
        send(bob, "{\"event\":\"message\",\"data\":{\"content\":\"three\",\"room\":\"chat\"}}");
        t.clearSent();

        send(alice, "{\"event\":\"join\",\"id\":12,\"data\":{\"room\":\"chat\",\"since\":{\"epoch\":\"e1\","
                + "\"offset\":1}}}");
        send(alice, "{\"event\":\"join\",\"id\":13,\"data\":{\"room\":\"chat\",\"since\":{\"epoch\":\"e1\","
                + "\"offset\":0}}}");

        assertEquals(List.of(chat("bob", "two", "chat", 2), chat("bob", "three", "chat", 3),
                ack("12", "{\"success\":true,\"room\":\"chat\",\"epoch\":\"e1\",\"offset\":3,\"recovered\":true}"),
                ack("13", joined("chat", 3))), t.sent(), "already a member: the position, no recovery");
    }

    @Test
    void aJoinWithAnUnknownEpochSaysWhyNothingWasRecovered() {
        FakeTransport t = new FakeTransport();
        Connection alice = open("alice", t);

        send(alice, "{\"event\":\"join\",\"id\":1,\"data\":{\"room\":\"chat\",\"since\":{\"epoch\":\"gone\","
                + "\"offset\":7}}}");

        assertEquals(List.of(ack("1", "{\"success\":true,\"room\":\"chat\",\"epoch\":\"e1\",\"offset\":0,"
                + "\"recovered\":false,\"reason\":\"epoch_changed\"}")), t.sent());
    }

    @Test
    void answersAHistoryRequestWithThePublicationsEmbeddedAsMembersReceivedThem() {
        FakeTransport t = new FakeTransport();
        Connection alice = open("alice", t);
        send(alice, "{\"event\":\"join\",\"data\":{\"room\":\"chat\"}}");
        for (String content : List.of("a", "b", "c")) {
            send(alice, "{\"event\":\"message\",\"data\":{\"content\":\"" + content + "\",\"room\":\"chat\"}}");
        }
        t.clearSent();

        send(alice, "{\"event\":\"history\",\"id\":13,\"data\":{\"room\":\"chat\",\"limit\":2}}");
        send(alice, "{\"event\":\"history\",\"id\":14,\"data\":{\"room\":\"chat\"}}");

        assertEquals(List.of(
                "{\"event\":\"ack\",\"id\":13,\"data\":{\"success\":true,\"room\":\"chat\",\"epoch\":\"e1\","
                        + "\"offset\":3,\"publications\":[" + chat("alice", "b", "chat", 2) + ","
                        + chat("alice", "c", "chat", 3) + "]}}",
                "{\"event\":\"ack\",\"id\":14,\"data\":{\"success\":true,\"room\":\"chat\",\"epoch\":\"e1\","
                        + "\"offset\":3,\"publications\":[" + chat("alice", "a", "chat", 1) + ","
                        + chat("alice", "b", "chat", 2) + "," + chat("alice", "c", "chat", 3) + "]}}"), t.sent());
    }

    @Test
    void refusesAHistoryRequestOfANonMemberAForbiddenRoomOrATooLargeLimit() {
        FakeTransport t = new FakeTransport();
        Connection alice = open("alice", t, RoomGrants.of(List.of("chat", "team-*")));

        send(alice, "{\"event\":\"history\",\"id\":1,\"data\":{\"room\":\"chat\"}}");
        send(alice, "{\"event\":\"history\",\"id\":2,\"data\":{\"room\":\"ops:stats\"}}");
        send(alice, "{\"event\":\"history\",\"id\":3,\"data\":{\"room\":\"chat\",\"limit\":301}}");
        send(alice, "{\"event\":\"history\",\"data\":{\"room\":\"chat\"}}");

        assertEquals(List.of(failedAck("1", "NOT_IN_ROOM", "join room 'chat' before reading its history"),
                failedAck("2", "FORBIDDEN", "no access to room 'ops:stats'"),
                failedAck("3", "BAD_REQUEST", "data.limit must be an integer from 1 to 300"),
                error("NOT_IN_ROOM", "join room 'chat' before reading its history")), t.sent());
    }

    @Test
    void answersAPresenceRequestWithTheRoomsUsersByIdAndTheirConnectionCounts() {
        FakeTransport t = new FakeTransport();
        Connection carol = open("carol", t);
        Connection alice = open("alice", new FakeTransport());
        Connection aliceAgain = open("alice", new FakeTransport());
        Connection bob = open("bob", new FakeTransport());
        for (Connection member : List.of(carol, alice, aliceAgain, bob)) {
            send(member, "{\"event\":\"join\",\"data\":{\"room\":\"chat\"}}");
        }
        send(bob, "{\"event\":\"leave\",\"data\":{\"room\":\"chat\"}}");
        t.clearSent();

        send(carol, "{\"event\":\"presence\",\"id\":5,\"data\":{\"room\":\"chat\"}}");

        assertEquals(List.of(ack("5", "{\"success\":true,\"room\":\"chat\",\"users\":[{\"userId\":\"alice\","
                + "\"connections\":2},{\"userId\":\"carol\",\"connections\":1}]}")), t.sent());
    }

    @Test
    void refusesAPresenceRequestOfANonMemberOrForAForbiddenOrInvalidRoom() {
        FakeTransport t = new FakeTransport();
        Connection alice = open("alice", t, RoomGrants.of(List.of("chat", "team-*")));
        send(open("bob", new FakeTransport()), "{\"event\":\"join\",\"data\":{\"room\":\"chat\"}}");

        send(alice, "{\"event\":\"presence\",\"id\":1,\"data\":{\"room\":\"chat\"}}");
        send(alice, "{\"event\":\"presence\",\"id\":2,\"data\":{\"room\":\"ops:stats\"}}");
        send(alice, "{\"event\":\"presence\",\"id\":3,\"data\":{\"room\":\"no room\"}}");
        send(alice, "{\"event\":\"presence\",\"id\":4,\"data\":{}}");

        assertEquals(List.of(failedAck("1", "NOT_IN_ROOM", "join room 'chat' before asking who is in it"),
                failedAck("2", "FORBIDDEN", "no access to room 'ops:stats'"),
                failedAck("3", "INVALID_ROOM", "a room name is 1 to 64 characters from A-Z a-z 0-9 . _ : -"),
                failedAck("4", "BAD_REQUEST", "data.room must be a string")), t.sent());
    }

    @Test
    void answersNothingToASuccessfulRequestWithoutId() {
        FakeTransport t = new FakeTransport();
        Connection alice = open("alice", t);

        send(alice, "{\"event\":\"join\",\"data\":{\"room\":\"chat\"}}");
        send(alice, "{\"event\":\"message\",\"data\":{\"content\":\"hi\"}}");
        send(alice, "{\"event\":\"leave\",\"data\":{\"room\":\"chat\"}}");

        assertEquals(List.of(), t.sent());
        assertEquals(0, rooms.roomCount());
    }

    @Test
    void deliversARoomMessageToEveryMemberTheSenderIncluded() {
        FakeTransport a = new FakeTransport();
        FakeTransport b = new FakeTransport();
        FakeTransport c = new FakeTransport();
        Connection alice = open("alice", a);
        Connection bob = open("bob", b);
        open("carol", c);
        send(alice, "{\"event\":\"join\",\"data\":{\"room\":\"chat\"}}");
        send(bob, "{\"event\":\"join\",\"data\":{\"room\":\"chat\"}}");
        a.clearSent();

        send(alice, "{\"event\":\"message\",\"id\":7,\"data\":{\"content\":\"hi\",\"room\":\"chat\"}}");

        assertEquals(List.of(chat("alice", "hi", "chat", 1), ack("7", "{\"success\":true,\"timestamp\":\"" + TIMESTAMP + "\"}")),
                a.sent());
        assertEquals(List.of(chat("alice", "hi", "chat", 1)), b.sent());
        assertEquals(List.of(), c.sent());
    }

    @Test
    void deliversAMessageWithoutRoomToEveryoneButTheSender() {
        FakeTransport a = new FakeTransport();
        FakeTransport b = new FakeTransport();
        FakeTransport c = new FakeTransport();
        Connection alice = open("alice", a);
        open("bob", b);
        open("carol", c);

        send(alice, "{\"event\":\"message\",\"id\":\"m\",\"data\":{\"content\":\"hi all\"}}");

        assertEquals(List.of(ack("\"m\"", "{\"success\":true,\"timestamp\":\"" + TIMESTAMP + "\"}")), a.sent());
        assertEquals(List.of(chat("alice", "hi all", null)), b.sent());
        assertEquals(List.of(chat("alice", "hi all", null)), c.sent());
    }

    // --- every error code ----------------------------------------------------------------------------------------

    @Test
    void answersAFrameThatIsNotJsonWithAnErrorFrameAndStaysOpen() {
        FakeTransport t = new FakeTransport();
        Connection alice = open("alice", t);

        send(alice, "this is not json");
        send(alice, "{\"event\":\"ping\",\"id\":1}");

        assertEquals(List.of(error("BAD_REQUEST", "frame is not valid JSON"), ack("1", "{\"success\":true}")), t.sent());
        assertFalse(alice.isClosed());
        assertEquals(List.of(), t.closes());
    }

    @Test
    void answersABadRequestWithIdWithAFailedAck() {
        FakeTransport t = new FakeTransport();
        Connection alice = open("alice", t);

        send(alice, "{\"event\":\"join\",\"id\":3,\"data\":{\"room\":5}}");

        assertEquals(List.of(failedAck("3", "BAD_REQUEST", "data.room must be a string")), t.sent());
    }

    @Test
    void answersABadIdWithAnErrorFrame() {
        FakeTransport t = new FakeTransport();
        Connection alice = open("alice", t);

        send(alice, "{\"event\":\"ping\",\"id\":1.5}");
        send(alice, "{\"event\":\"ping\",\"id\":9007199254740992}");

        assertEquals(List.of(error("BAD_REQUEST", RequestId.RULE), error("BAD_REQUEST", RequestId.RULE)), t.sent());
    }

    @Test
    void answersAnUnknownEvent() {
        FakeTransport t = new FakeTransport();
        Connection alice = open("alice", t);

        send(alice, "{\"event\":\"dance\",\"id\":4}");
        send(alice, "{\"event\":\"dance\"}");

        assertEquals(List.of(failedAck("4", "UNKNOWN_EVENT", "unknown event 'dance'"),
                error("UNKNOWN_EVENT", "unknown event 'dance'")), t.sent());
    }

    @Test
    void answersAnOverlongMessage() {
        FakeTransport a = new FakeTransport();
        FakeTransport b = new FakeTransport();
        Connection alice = open("alice", a);
        open("bob", b);

        send(alice, "{\"event\":\"message\",\"id\":5,\"data\":{\"content\":\"" + "😀".repeat(1001) + "\"}}");
        send(alice, "{\"event\":\"message\",\"id\":6,\"data\":{\"content\":\"" + "😀".repeat(1000) + "\"}}");

        assertEquals(failedAck("5", "MESSAGE_TOO_LONG", "content has 1001 characters, at most 1000 are allowed"),
                a.sent().get(0));
        assertEquals(ack("6", "{\"success\":true,\"timestamp\":\"" + TIMESTAMP + "\"}"), a.sent().get(1));
        assertEquals(1, b.sentCount());
    }

    @Test
    void answersBlankContentAsBadRequest() {
        FakeTransport t = new FakeTransport();
        Connection alice = open("alice", t);

        send(alice, "{\"event\":\"message\",\"data\":{\"content\":\"  \"}}");

        assertEquals(List.of(error("BAD_REQUEST", "data.content must not be empty")), t.sent());
    }

    @Test
    void answersBlockedContent() {
        FakeTransport a = new FakeTransport();
        FakeTransport b = new FakeTransport();
        Connection alice = open("alice", a);
        open("bob", b);

        send(alice, "{\"event\":\"message\",\"id\":1,\"data\":{\"content\":\"oh DARN\"}}");

        assertEquals(List.of(failedAck("1", "CONTENT_REJECTED", "content contains a blocked word")), a.sent());
        assertEquals(List.of(), b.sent());
    }

    @Test
    void answersAnInvalidRoomName() {
        FakeTransport t = new FakeTransport();
        Connection alice = open("alice", t);

        send(alice, "{\"event\":\"join\",\"id\":1,\"data\":{\"room\":\"bad room\"}}");
        send(alice, "{\"event\":\"leave\",\"id\":2,\"data\":{\"room\":\"\"}}");
        send(alice, "{\"event\":\"message\",\"id\":3,\"data\":{\"content\":\"hi\",\"room\":\"" + "r".repeat(65) + "\"}}");

        assertEquals(List.of(failedAck("1", "INVALID_ROOM", INVALID_ROOM), failedAck("2", "INVALID_ROOM", INVALID_ROOM),
                failedAck("3", "INVALID_ROOM", INVALID_ROOM)), t.sent());
    }

    @Test
    void answersARoomTheCallerMayNotUse() {
        FakeTransport t = new FakeTransport();
        Connection alice = open("alice", t, RoomGrants.of(List.of("team-*")));

        send(alice, "{\"event\":\"join\",\"id\":1,\"data\":{\"room\":\"ops:stats\"}}");
        send(alice, "{\"event\":\"join\",\"id\":2,\"data\":{\"room\":\"chat\"}}");
        send(alice, "{\"event\":\"message\",\"id\":3,\"data\":{\"content\":\"hi\",\"room\":\"chat\"}}");
        send(alice, "{\"event\":\"join\",\"id\":4,\"data\":{\"room\":\"team-blue\"}}");

        assertEquals(List.of(failedAck("1", "FORBIDDEN", "no access to room 'ops:stats'"),
                failedAck("2", "FORBIDDEN", "no access to room 'chat'"),
                failedAck("3", "FORBIDDEN", "no access to room 'chat'"),
                ack("4", joined("team-blue", 0))), t.sent());
    }

    @Test
    void letsAnAdminJoinAnOpsRoom() {
        FakeTransport t = new FakeTransport();
        Connection admin = open("root", t, RoomGrants.of(List.of()), "admin");

        send(admin, "{\"event\":\"join\",\"id\":1,\"data\":{\"room\":\"ops:stats\"}}");

        assertEquals(List.of(ack("1", joined("ops:stats", 0))), t.sent());
    }

    @Test
    void answersAMessageToARoomTheSenderIsNotIn() {
        FakeTransport a = new FakeTransport();
        FakeTransport b = new FakeTransport();
        Connection alice = open("alice", a);
        Connection bob = open("bob", b);
        send(bob, "{\"event\":\"join\",\"data\":{\"room\":\"chat\"}}");

        send(alice, "{\"event\":\"message\",\"id\":1,\"data\":{\"content\":\"hi\",\"room\":\"chat\"}}");
        send(alice, "{\"event\":\"message\",\"data\":{\"content\":\"hi\",\"room\":\"chat\"}}");

        assertEquals(List.of(failedAck("1", "NOT_IN_ROOM", "join room 'chat' before posting to it"),
                error("NOT_IN_ROOM", "join room 'chat' before posting to it")), a.sent());
        assertEquals(List.of(), b.sent());
    }

    @Test
    void answersAJoinBeyondTheRoomLimit() {
        FakeTransport t = new FakeTransport();
        Connection alice = open("alice", t);
        send(alice, "{\"event\":\"join\",\"data\":{\"room\":\"r1\"}}");
        send(alice, "{\"event\":\"join\",\"data\":{\"room\":\"r2\"}}");

        send(alice, "{\"event\":\"join\",\"id\":3,\"data\":{\"room\":\"r3\"}}");

        assertEquals(List.of(failedAck("3", "TOO_MANY_ROOMS", "a connection may be in at most 2 rooms")), t.sent());
        assertEquals(Set.of("r1", "r2"), alice.rooms());
    }

    @Test
    void answersAFrameOverTheRateLimitWithRetryAfter() {
        gateway(1, 1, 65_536, DispatcherTest::roomManager);
        FakeTransport t = new FakeTransport();
        Connection alice = open("alice", t);

        send(alice, "{\"event\":\"ping\",\"id\":1}");
        send(alice, "{\"event\":\"ping\",\"id\":2}");
        send(alice, "{\"event\":\"ping\"}");

        assertEquals(List.of(ack("1", "{\"success\":true}"),
                ack("2", "{\"success\":false,\"code\":\"RATE_LIMITED\",\"message\":\"rate limit exceeded, retry in 1000 ms\","
                        + "\"retryAfterMs\":1000}"),
                "{\"event\":\"error\",\"data\":{\"code\":\"RATE_LIMITED\","
                        + "\"message\":\"rate limit exceeded, retry in 1000 ms\",\"retryAfterMs\":1000}}"), t.sent());
        assertFalse(alice.isClosed());
    }

    @Test
    void countsMalformedFramesAgainstTheRateLimit() {
        gateway(1, 1, 65_536, DispatcherTest::roomManager);
        FakeTransport t = new FakeTransport();
        Connection alice = open("alice", t);

        send(alice, "garbage");
        send(alice, "{\"event\":\"ping\",\"id\":1}");

        assertEquals(List.of(error("BAD_REQUEST", "frame is not valid JSON"),
                ack("1", "{\"success\":false,\"code\":\"RATE_LIMITED\",\"message\":\"rate limit exceeded, retry in 1000 ms\","
                        + "\"retryAfterMs\":1000}")), t.sent());
    }

    @Test
    void closesAConnectionThatKeepsFloodingAfterRateLimited() {
        gateway(1, 1, 65_536, DispatcherTest::roomManager);
        FakeTransport t = new FakeTransport();
        Connection alice = open("alice", t);

        for (int i = 0; i < 31; i++) {
            send(alice, "{\"event\":\"ping\"}");
        }
        assertFalse(alice.isClosed());
        send(alice, "{\"event\":\"ping\"}");

        assertTrue(alice.isClosed());
        assertEquals(List.of(CloseCode.RATE_ABUSE), t.closes());
        assertEquals(31, t.sentCount());
    }

    @Test
    void answersInternalWhenAHandlerThrows() {
        gateway(0, 0, 65_536, (connections, disconnects, settings) -> new RoomManager(connections, disconnects, settings, logs()) {
            @Override
            public int publishToAll(String frame, Connection except) {
                throw new IllegalStateException("boom");
            }
        });
        FakeTransport t = new FakeTransport();
        FakeTransport bobTransport = new FakeTransport();
        Connection alice = open("alice", t);
        Connection bob = open("bob", bobTransport);
        send(alice, "{\"event\":\"join\",\"data\":{\"room\":\"chat\"}}");
        send(bob, "{\"event\":\"join\",\"data\":{\"room\":\"chat\"}}");
        t.clearSent();
        bobTransport.clearSent();
        var logged = new java.util.concurrent.CopyOnWriteArrayList<java.util.logging.LogRecord>();
        var logger = java.util.logging.Logger.getLogger(Dispatcher.class.getName());
        var handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        try {
            send(alice, "{\"event\":\"message\",\"id\":1,\"data\":{\"content\":\"private words\"}}");
            send(alice, "{\"event\":\"message\",\"data\":{\"content\":\"private words\"}}");
            send(alice, "{\"event\":\"ping\",\"id\":2}");
            send(bob, "{\"event\":\"message\",\"id\":3,\"data\":{\"content\":\"fine\",\"room\":\"chat\"}}");
        } finally {
            logger.removeHandler(handler);
        }

        assertEquals(List.of(failedAck("1", "INTERNAL", "internal error"), error("INTERNAL", "internal error"),
                ack("2", "{\"success\":true}"), chat("bob", "fine", "chat", 1)), t.sent());
        assertFalse(alice.isClosed());
        assertEquals(List.of(chat("bob", "fine", "chat", 1),
                ack("3", "{\"success\":true,\"timestamp\":\"" + TIMESTAMP + "\"}")), bobTransport.sent(),
                "bob is unaffected");
        assertEquals(2, logged.size(), "each failure is logged once");
        var record = logged.get(0);
        assertEquals(java.util.logging.Level.SEVERE, record.getLevel());
        assertTrue(record.getMessage().contains(alice.id()) && record.getMessage().contains("alice"), record.getMessage());
        assertEquals("boom", record.getThrown().getMessage());
        assertFalse(record.getMessage().contains("private words"), "the message body is never logged");
    }

    @Test
    void answersUnavailableWithRetryAfterWhenTheBrokerCannotPublish() {
        gateway(0, 0, 65_536, (connections, disconnects, settings) -> new RoomManager(connections, disconnects, settings, logs()) {
            @Override
            public Published publishInOrder(String room, String frame) {
                throw new DeliveryUnavailableException("publishing to a room failed", 1_000, null);
            }
        });
        FakeTransport t = new FakeTransport();
        Connection alice = open("alice", t);
        send(alice, "{\"event\":\"join\",\"data\":{\"room\":\"chat\"}}");
        t.clearSent();

        send(alice, "{\"event\":\"message\",\"id\":1,\"data\":{\"content\":\"hi\",\"room\":\"chat\"}}");
        send(alice, "{\"event\":\"message\",\"data\":{\"content\":\"hi\",\"room\":\"chat\"}}");

        assertEquals(List.of(
                "{\"event\":\"ack\",\"id\":1,\"data\":{\"success\":false,\"code\":\"UNAVAILABLE\","
                        + "\"message\":\"temporarily unavailable, retry in 1000 ms\",\"retryAfterMs\":1000}}",
                "{\"event\":\"error\",\"data\":{\"code\":\"UNAVAILABLE\","
                        + "\"message\":\"temporarily unavailable, retry in 1000 ms\",\"retryAfterMs\":1000}}"),
                t.sent());
        assertFalse(alice.isClosed());
    }

    // --- size ----------------------------------------------------------------------------------------------------

    @Test
    void closesTheConnectionOnAFrameOverTheLimit() {
        gateway(0, 0, 256, DispatcherTest::roomManager);
        FakeTransport t = new FakeTransport();
        Connection alice = open("alice", t);
        String frame = "{\"event\":\"ping\",\"id\":1,\"pad\":\"" + "x".repeat(250) + "\"}";

        send(alice, frame);

        assertEquals(List.of(CloseCode.FRAME_TOO_LARGE), t.closes());
        assertEquals(List.of(), t.sent());
        assertTrue(alice.isClosed());
    }

    @Test
    void countsTheLimitInBytesNotCharacters() {
        gateway(0, 0, 256, DispatcherTest::roomManager);
        FakeTransport t = new FakeTransport();
        Connection alice = open("alice", t);
        String prefix = "{\"event\":\"ping\",\"id\":1,\"pad\":\"";
        String suffix = "\"}";
        int room = 256 - prefix.length() - suffix.length();

        send(alice, prefix + "x".repeat(room) + suffix);
        assertEquals(List.of(ack("1", "{\"success\":true}")), t.sent());
        send(alice, prefix + "é" + "x".repeat(room - 1) + suffix);

        assertEquals(List.of(CloseCode.FRAME_TOO_LARGE), t.closes());
    }

    @Test
    void closesTheConnectionOnAnOversizedFrame() {
        FakeTransport t = new FakeTransport();
        Connection alice = open("alice", t);

        dispatcher.dispatch(alice, new InboundFrame.Oversized(2_000_000), 0);

        assertEquals(List.of(CloseCode.FRAME_TOO_LARGE), t.closes());
        assertEquals(List.of(), t.sent());
    }

    @Test
    void recordsTrafficOnEveryFrame() {
        FakeTransport t = new FakeTransport();
        Connection alice = open("alice", t);

        dispatcher.dispatch(alice, decoder.decode("garbage"), 123_456_789);

        assertEquals(123_456_789, alice.lastSeenNanos());
    }
}
