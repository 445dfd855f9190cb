package dev.eventsgateway.ops.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.eventsgateway.system.Gateway;
import dev.eventsgateway.system.GatewayExtension;
import dev.eventsgateway.system.ServerLog;
import dev.eventsgateway.system.ServerSettings;
import dev.eventsgateway.system.TestClient;
import dev.eventsgateway.system.Tokens;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The server API over HTTP: credentials, every call, and bad input answered 400 naming the field. */
@ExtendWith(GatewayExtension.class)
class ServerApiIT {

    private static final String ADMIN = Tokens.forUser("api-admin").admin().sign();

    private Gateway gateway;

    @BeforeEach
    void servletContainer(Gateway gateway) {
        assumeTrue(gateway.hasServletContainer(), "the server API is a servlet");
        this.gateway = gateway;
    }

    @Test
    void withoutCredentialsTheAnswerIs401(Gateway gateway) {
        OpsHttp.Answer answer = OpsHttp.get(gateway.baseUri(), "/ops/api/rooms");
        assertEquals(401, answer.status(), answer.body());
        assertEquals(401, answer.json().getJsonObject("error").getInt("status"));
    }

    @Test
    void anInvalidTokenIs401(Gateway gateway) {
        assertEquals(401, get("/ops/api/rooms", bearer("not-a-jwt")).status());
        assertEquals(401, get("/ops/api/rooms", bearer(Tokens.forUser("late").admin()
                .expiresIn(Duration.ofSeconds(-60)).sign())).status());
        assertEquals(401, get("/ops/api/rooms", Map.of("Authorization", "Basic YWRtaW46YWRtaW4=")).status());
    }

    @Test
    void aValidTokenWithoutTheAdminRoleIs403(Gateway gateway) {
        OpsHttp.Answer answer = get("/ops/api/rooms", bearer(Tokens.forUser("plain-user").sign()));
        assertEquals(403, answer.status(), answer.body());
    }

    @Test
    void theApiKeyGetsInAndAWrongOneIs401(Gateway gateway) {
        assertEquals(200, get("/ops/api/rooms", Map.of("X-Api-Key", ServerSettings.API_KEY)).status());
        assertEquals(401, get("/ops/api/rooms", Map.of("X-Api-Key", ServerSettings.API_KEY + "x")).status());
        assertEquals(401, get("/ops/api/rooms", Map.of("X-Api-Key", "short")).status());
    }

    @Test
    void theApiKeyAlsoGetsInAsABearerCredentialAndAWrongOneIs401(Gateway gateway) {
        assertEquals(200, get("/ops/api/rooms", bearer(ServerSettings.API_KEY)).status());
        assertEquals(401, get("/ops/api/rooms", bearer(ServerSettings.API_KEY + "x")).status());
    }

    @Test
    void statsCountConnectionsAndTheChatMessagesReceived(Gateway gateway) {
        try (TestClient client = gateway.connected("api-stats")) {
            JsonObject before = get("/ops/api/stats", admin()).json();
            client.say("counted", null);
            JsonObject after = get("/ops/api/stats", admin()).json();
            assertTrue(after.getInt("connections") >= 1, after.toString());
            assertTrue(after.getInt("users") >= 1, after.toString());
            assertTrue(after.getJsonNumber("messages").longValue() > before.getJsonNumber("messages").longValue(),
                    after.toString());
            assertTrue(Instant.parse(after.getString("timestamp")).isAfter(Instant.now().minusSeconds(60)));
        }
    }

    @Test
    void everyConnectionOfTheServerIsListed(Gateway gateway) {
        try (TestClient client = gateway.connected("api-everyone")) {
            assertConnections("api-everyone", 1);
            JsonObject all = get("/ops/api/connections?limit=1000", admin()).json();
            assertTrue(all.getJsonArray("connections").getValuesAs(JsonObject.class).stream()
                    .anyMatch(connection -> connection.getString("userId").equals("api-everyone")), all.toString());
            assertEquals(1, get("/ops/api/connections?limit=1", admin()).json().getJsonArray("connections").size());
        }
    }

    @Test
    void roomsAreListedWithTheirMemberCounts(Gateway gateway) {
        try (TestClient one = gateway.connected("lister-1"); TestClient two = gateway.connected("lister-2")) {
            one.join("api-listed");
            two.join("api-listed");
            JsonObject rooms = get("/ops/api/rooms?limit=1000", admin()).json();
            JsonObject listed = rooms.getJsonArray("rooms").getValuesAs(JsonObject.class).stream()
                    .filter(room -> room.getString("room").equals("api-listed")).findFirst().orElseThrow();
            assertEquals(2, listed.getInt("members"));
            assertFalse(rooms.getBoolean("truncated"));
            assertFalse(rooms.containsKey("nodes"), "one server has no nodes to count: " + rooms);
        }
    }

    @Test
    void listsAreBoundedByTheLimit(Gateway gateway) {
        try (TestClient client = gateway.connected("bounded")) {
            client.join("api-bounded-1");
            client.join("api-bounded-2");
            JsonObject rooms = get("/ops/api/rooms?limit=1", admin()).json();
            assertEquals(1, rooms.getJsonArray("rooms").size());
            assertTrue(rooms.getBoolean("truncated"));
        }
    }

    @Test
    void aRoomsMembersAndAUsersConnectionsAreListed(Gateway gateway) {
        try (TestClient client = gateway.connected("api-member")) {
            client.join("api-members");
            JsonObject members = get("/ops/api/rooms/api-members/members", admin()).json();
            assertEquals(List.of("api-member"), members.getJsonArray("connections").getValuesAs(JsonObject.class)
                    .stream().map(connection -> connection.getString("userId")).toList());
            assertConnections("api-member", 1);
            JsonObject connections = get("/ops/api/users/api-member/connections", admin()).json();
            JsonObject connection = connections.getJsonArray("connections").getJsonObject(0);
            assertEquals("api-members", connection.getJsonArray("rooms").getString(0));
            assertFalse(connection.getString("connectionId").isEmpty());
        }
    }

    @Test
    void publishingReachesTheRoomsMembers(Gateway gateway) {
        try (TestClient member = gateway.connected("api-listener")) {
            JsonObject joined = member.join("api-news");
            OpsHttp.Answer answer = post("/ops/api/rooms/api-news/events",
                    "{\"event\":\"order:shipped\",\"data\":{\"orderId\":7}}", admin());
            assertEquals(200, answer.status(), answer.body());
            JsonObject published = answer.json();
            assertTrue(published.getBoolean("accepted"));
            assertEquals(1, published.getInt("localRecipients"), "one node: its own hand-outs are known");
            JsonObject pushed = member.next("order:shipped");
            assertEquals(pushed.getString("epoch"), published.getString("epoch"));
            assertEquals(pushed.getJsonNumber("offset").longValue(), published.getJsonNumber("offset").longValue());
            assertEquals(7, pushed.getJsonObject("data").getInt("orderId"));
            assertEquals("api-news", pushed.getString("room"), "a push to a room is a room publication");
            assertEquals(joined.getString("epoch"), pushed.getString("epoch"));
            assertEquals(joined.getJsonNumber("offset").longValue() + 1, pushed.getJsonNumber("offset").longValue());
        }
    }

    @Test
    void broadcastingReachesEveryone(Gateway gateway) {
        try (TestClient client = gateway.connected("api-everyone")) {
            OpsHttp.Answer answer = post("/ops/api/broadcast", "{\"event\":\"maintenance\",\"data\":\"22:00Z\"}",
                    Map.of("X-Api-Key", ServerSettings.API_KEY));
            assertEquals(200, answer.status(), answer.body());
            assertTrue(answer.json().getBoolean("accepted"));
            assertTrue(answer.json().getInt("localRecipients") >= 1);
            assertFalse(answer.json().containsKey("offset"), "a push to everyone is in no room's order");
            assertEquals("22:00Z", client.next("maintenance").getString("data"));
        }
    }

    @Test
    void reservedEventNamesAre400NamingTheEvent(Gateway gateway) {
        assertBadInput(post("/ops/api/broadcast", "{\"event\":\"message\",\"data\":{}}", admin()), "event");
        assertBadInput(post("/ops/api/rooms/chat/events", "{\"event\":\"user:joined\"}", admin()), "event");
    }

    @Test
    void badInputIs400NamingTheField(Gateway gateway) {
        assertBadInput(post("/ops/api/broadcast", "{\"data\":1}", admin()), "event");
        assertBadInput(post("/ops/api/broadcast", "{\"event\":42}", admin()), "event");
        assertBadInput(post("/ops/api/broadcast", "{\"event\":\"has space\"}", admin()), "event");
        assertBadInput(post("/ops/api/rooms/bad%20room/events", "{\"event\":\"x\"}", admin()), "room");
        assertBadInput(post("/ops/api/broadcast", "{not json", admin()), "body");
        assertBadInput(post("/ops/api/broadcast", "[1,2]", admin()), "body");
        assertBadInput(get("/ops/api/rooms?limit=0", admin()), "limit");
        assertBadInput(get("/ops/api/rooms?limit=many", admin()), "limit");
    }

    @Test
    void oversizedBodiesAre413(Gateway gateway) {
        String data = "x".repeat(JsonBody.MAX_BYTES);
        OpsHttp.Answer answer = post("/ops/api/broadcast", "{\"event\":\"big\",\"data\":\"" + data + "\"}", admin());
        assertEquals(413, answer.status(), answer.body().substring(0, Math.min(200, answer.body().length())));
    }

    @Test
    void unknownPathsAre404AndWrongMethods405(Gateway gateway) {
        assertEquals(404, get("/ops/api/nothing", admin()).status());
        assertEquals(405, get("/ops/api/broadcast", admin()).status());
        assertEquals(404, post("/ops/api/connections/no-such-id/disconnect", "", admin()).status());
    }

    @Test
    void disconnectingAUserClosesEachOfItsConnectionsAndIsLoggedWithWhoDidIt(Gateway gateway) {
        TestClient first = gateway.connected("api-kicked");
        TestClient second = gateway.connected("api-kicked");
        try (ServerLog log = ServerLog.capture(gateway)) {
            OpsHttp.Answer answer = post("/ops/api/users/api-kicked/disconnect", "", admin());
            assertEquals(200, answer.status(), answer.body());
            assertEquals(2, answer.json().getInt("closed"));
            assertEquals(new TestClient.Close(4000, "disconnected by an operator"), first.awaitClose());
            assertEquals(new TestClient.Close(4000, "disconnected by an operator"), second.awaitClose());
            String text = log.await(logged -> logged.contains("disconnected user api-kicked"), Duration.ofSeconds(10));
            assertTrue(text.contains("admin api-admin disconnected user api-kicked with close code 4000"), text);
            assertFalse(text.contains(ADMIN), "the token must never be logged");
        }
    }

    @Test
    void disconnectingOneConnectionLeavesTheOthers(Gateway gateway) {
        try (TestClient kept = gateway.connected("api-one");
             TestClient dropped = gateway.connect(Tokens.forUser("api-one").sign())) {
            String droppedId = dropped.next("connected").getJsonObject("data").getString("connectionId");
            assertConnections("api-one", 2);
            OpsHttp.Answer answer = post("/ops/api/connections/" + droppedId + "/disconnect", "", admin());
            assertEquals(200, answer.status(), answer.body());
            assertEquals(4000, dropped.awaitClose().code());
            assertTrue(kept.join("api-one-still-here").getBoolean("success"));
        }
    }

    @Test
    void aDisconnectClosesWithTheCodeAndReasonTheOperatorChose(Gateway gateway) {
        String reason = "wartung – bitte später";
        try (TestClient user = gateway.connected("api-chosen");
             TestClient connection = gateway.connect(Tokens.forUser("api-chosen-one").sign())) {
            String connectionId = connection.next("connected").getJsonObject("data").getString("connectionId");
            assertConnections("api-chosen", 1);
            assertConnections("api-chosen-one", 1);
            OpsHttp.Answer answer = post("/ops/api/users/api-chosen/disconnect",
                    "{\"code\":4321,\"reason\":\"" + reason + "\"}", admin());
            assertEquals(200, answer.status(), answer.body());
            assertEquals(new TestClient.Close(4321, reason), user.awaitClose());
            answer = post("/ops/api/connections/" + connectionId + "/disconnect", "{\"code\":1008}", admin());
            assertEquals(200, answer.status(), answer.body());
            assertEquals(new TestClient.Close(1008, "disconnected by an operator"), connection.awaitClose());
        }
    }

    @Test
    void aCloseCodeOutsideTheOperatorsRangeOrATooLongReasonIs400NamingTheField(Gateway gateway) {
        try (TestClient user = gateway.connected("api-stays")) {
            assertBadInput(post("/ops/api/users/api-stays/disconnect", "{\"code\":1001}", admin()), "code");
            assertBadInput(post("/ops/api/users/api-stays/disconnect", "{\"code\":5000}", admin()), "code");
            assertBadInput(post("/ops/api/users/api-stays/disconnect", "{\"code\":\"4000\"}", admin()), "code");
            assertBadInput(post("/ops/api/users/api-stays/disconnect",
                    "{\"reason\":\"" + "ü".repeat(62) + "\"}", admin()), "reason");
            assertBadInput(post("/ops/api/users/api-stays/disconnect", "{\"reason\":7}", admin()), "reason");
            assertTrue(user.join("api-stays-connected").getBoolean("success"));
        }
    }

    @Test
    void aListedOriginGetsCorsHeadersAndItsPreflightIs204WithoutCredentials(Gateway gateway) {
        OpsHttp.Answer answer = get("/ops/api/rooms", with(admin(), "Origin", ServerSettings.API_ORIGIN));
        assertEquals(200, answer.status(), answer.body());
        assertEquals(Optional.of(ServerSettings.API_ORIGIN), answer.header("Access-Control-Allow-Origin"));
        assertEquals(Optional.of("Origin"), answer.header("Vary"));
        assertEquals(Optional.empty(), answer.header("Access-Control-Allow-Credentials"));
        // The browser must be able to read a refusal too.
        OpsHttp.Answer refused = get("/ops/api/rooms", Map.of("Origin", ServerSettings.API_ORIGIN));
        assertEquals(401, refused.status(), refused.body());
        assertEquals(Optional.of(ServerSettings.API_ORIGIN), refused.header("Access-Control-Allow-Origin"));

        OpsHttp.Answer preflight = preflight("/ops/api/rooms/chat/events", ServerSettings.API_ORIGIN);
        assertEquals(204, preflight.status(), preflight.body());
        assertEquals(Optional.of(ServerSettings.API_ORIGIN), preflight.header("Access-Control-Allow-Origin"));
        assertEquals(Optional.of("GET, POST"), preflight.header("Access-Control-Allow-Methods"));
        assertEquals(Optional.of("Authorization, Content-Type"), preflight.header("Access-Control-Allow-Headers"));
        assertEquals(Optional.of("600"), preflight.header("Access-Control-Max-Age"));
        assertEquals(Optional.of("Origin"), preflight.header("Vary"));
        assertEquals(Optional.empty(), preflight.header("Access-Control-Allow-Credentials"));
    }

    @Test
    void anUnlistedOriginGetsNoCorsHeadersAndItsPreflightIs403(Gateway gateway) {
        // Allowed to open /events, which does not make it an origin of the server API.
        String unlisted = ServerSettings.ALLOWED_ORIGIN;
        OpsHttp.Answer answer = get("/ops/api/rooms", with(admin(), "Origin", unlisted));
        assertEquals(200, answer.status(), answer.body());
        assertNoCorsHeaders(answer);

        OpsHttp.Answer preflight = preflight("/ops/api/rooms", unlisted);
        assertEquals(403, preflight.status(), preflight.body());
        assertEquals(403, preflight.json().getJsonObject("error").getInt("status"));
        assertNoCorsHeaders(preflight);
    }

    @Test
    void withoutAnOriginNoCorsHeadersAreSent(Gateway gateway) {
        OpsHttp.Answer answer = get("/ops/api/rooms", admin());
        assertEquals(200, answer.status(), answer.body());
        assertNoCorsHeaders(answer);
        assertNoCorsHeaders(get("/ops/api/rooms", Map.of()));
    }

    private static void assertNoCorsHeaders(OpsHttp.Answer answer) {
        assertTrue(answer.headers().map().keySet().stream()
                .noneMatch(name -> name.toLowerCase(Locale.ROOT).startsWith("access-control-")),
                answer.headers().map().toString());
    }

    private static Map<String, String> with(Map<String, String> headers, String name, String value) {
        var all = new HashMap<>(headers);
        all.put(name, value);
        return all;
    }

    private OpsHttp.Answer preflight(String path, String origin) {
        return OpsHttp.send(HttpRequest.newBuilder(gateway.baseUri().resolve(path)).timeout(Duration.ofSeconds(10))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization, content-type").build());
    }

    /** A connection is listed before its client can see {@code connected}: no waiting needed. */
    private void assertConnections(String userId, int count) {
        assertEquals(count, get("/ops/api/users/" + userId + "/connections", admin()).json()
                .getJsonArray("connections").size(), "connections of " + userId);
    }

    private void assertBadInput(OpsHttp.Answer answer, String field) {
        assertEquals(400, answer.status(), answer.body());
        assertEquals(field, answer.json().getJsonObject("error").getString("field"), answer.body());
    }

    private static Map<String, String> admin() {
        return bearer(ADMIN);
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    private OpsHttp.Answer get(String path, Map<String, String> headers) {
        return OpsHttp.get(gateway.baseUri(), path, headers);
    }

    private OpsHttp.Answer post(String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.baseUri().resolve(path))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return OpsHttp.send(request.build());
    }
}
