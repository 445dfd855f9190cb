package dev.eventsgateway.ops.boundary;

import dev.eventsgateway.delivery.control.DeliveryUnavailableException;
import dev.eventsgateway.ops.control.ApiCors;
import dev.eventsgateway.ops.control.ConnectionView;
import dev.eventsgateway.ops.control.Gathered;
import dev.eventsgateway.ops.control.GatewayStats;
import dev.eventsgateway.ops.control.InvalidInputException;
import dev.eventsgateway.ops.control.NodeCount;
import dev.eventsgateway.ops.control.Page;
import dev.eventsgateway.ops.control.ServerApi;
import dev.eventsgateway.protocol.entity.Closure;
import dev.eventsgateway.rooms.entity.Published;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The server API under {@code /ops/api}: JSON over HTTP for operators and backends, for admins and the API key only.
 * A plain servlet rather than JAX-RS, so that routing, error bodies and body limits are the same on every server.
 */
@WebServlet("/ops/api/*")
public class ServerApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = System.getLogger(ServerApiServlet.class.getName());

    @Inject
    AdminCredentials credentials;

    @Inject
    ServerApi api;

    @Inject
    ApiCors cors;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        String origin = request.getHeader("Origin");
        // Browsers send a preflight without credentials, so it is answered before authentication.
        if (ApiCors.isPreflight(request.getMethod(), origin, request.getHeader("Access-Control-Request-Method"))) {
            preflight(response, origin);
            return;
        }
        cors.headers(origin).forEach(response::setHeader);
        try {
            String actor = credentials.authenticate(request);
            answer(response, 200, route(request, actor));
        } catch (ApiException e) {
            if (e.status() == 401) {
                response.setHeader("WWW-Authenticate", "Bearer");
            } else if (e.status() == 413) {
                // The rest of the body is never read: the connection cannot carry another request.
                response.setHeader("Connection", "close");
            }
            answer(response, e.status(), error(e.status(), e.field(), e.getMessage()));
        } catch (InvalidInputException e) {
            answer(response, 400, error(400, e.field(), e.getMessage()));
        } catch (DeliveryUnavailableException e) {
            // The broker logs each outage once; the caller is told when to come back, as a client is.
            response.setHeader("Retry-After", String.valueOf(Math.max(1, (e.retryAfterMs() + 999) / 1000)));
            answer(response, 503, error(503, null, "the cluster is unavailable, retry later"));
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, () -> "server API call " + request.getMethod() + " " + request.getPathInfo()
                    + " failed", e);
            answer(response, 500, error(500, null, "internal error"));
        }
    }

    private void preflight(HttpServletResponse response, String origin) throws IOException {
        Map<String, String> headers = cors.preflightHeaders(origin);
        if (headers.isEmpty()) {
            answer(response, 403, error(403, null, "origin not allowed"));
            return;
        }
        headers.forEach(response::setHeader);
        response.setStatus(204);
    }

    private JsonObject route(HttpServletRequest request, String actor) throws IOException {
        List<String> path = Paths.segments(request.getPathInfo());
        String method = request.getMethod();
        if (path.equals(List.of("stats"))) {
            require(method, "GET");
            return gathered(api.stats(), ServerApiServlet::stats);
        }
        if (path.equals(List.of("connections"))) {
            require(method, "GET");
            Gathered<Page<ConnectionView>> all = api.allConnections(limit(request));
            return nodes(connections(all.value()), all).build();
        }
        if (path.equals(List.of("rooms"))) {
            require(method, "GET");
            return gathered(api.rooms(limit(request)), ServerApiServlet::rooms);
        }
        if (path.size() == 3 && path.get(0).equals("rooms") && path.get(2).equals("members")) {
            require(method, "GET");
            Gathered<Page<ConnectionView>> members = api.members(path.get(1), limit(request));
            return nodes(Json.createObjectBuilder().add("room", path.get(1)).addAll(connections(members.value())),
                    members).build();
        }
        if (path.size() == 3 && path.get(0).equals("rooms") && path.get(2).equals("events")) {
            require(method, "POST");
            JsonObject body = JsonBody.read(request);
            return delivered(api.publish(actor, path.get(1), JsonBody.string(body, "event"), data(body)));
        }
        if (path.equals(List.of("broadcast"))) {
            require(method, "POST");
            JsonObject body = JsonBody.read(request);
            return delivered(api.broadcast(actor, JsonBody.string(body, "event"), data(body)));
        }
        if (path.size() == 3 && path.get(0).equals("users") && path.get(2).equals("connections")) {
            require(method, "GET");
            Gathered<Page<ConnectionView>> user = api.connectionsOf(path.get(1), limit(request));
            return nodes(Json.createObjectBuilder().add("userId", path.get(1)).addAll(connections(user.value())),
                    user).build();
        }
        if (path.size() == 3 && path.get(0).equals("users") && path.get(2).equals("disconnect")) {
            require(method, "POST");
            return closed(api.disconnectUser(actor, path.get(1), closure(request)));
        }
        if (path.size() == 3 && path.get(0).equals("connections") && path.get(2).equals("disconnect")) {
            require(method, "POST");
            Gathered<Integer> closed = api.disconnectConnection(actor, path.get(1), closure(request));
            // Unknown only when every node answered: one that did not may hold it.
            if (closed.value() == 0 && closed.nodes().map(NodeCount::complete).orElse(true)) {
                throw new ApiException(404, "connectionId", closed.nodes().isPresent()
                        ? "no such connection on any node" : "no such connection on this server");
            }
            return closed(closed);
        }
        throw new ApiException(404, null, "no such resource");
    }

    private static void require(String method, String expected) {
        if (!expected.equals(method)) {
            throw new ApiException(405, null, "use " + expected);
        }
    }

    /** A disconnect's optional body: {@code {"code": 4000, "reason": "..."}}, both optional. */
    private static Closure closure(HttpServletRequest request) throws IOException {
        JsonObject body = JsonBody.readOptional(request);
        return ServerApi.operatorClosure(JsonBody.integer(body, "code"), JsonBody.string(body, "reason"));
    }

    private static JsonValue data(JsonObject body) {
        return body.getOrDefault("data", JsonValue.NULL);
    }

    private static int limit(HttpServletRequest request) {
        String raw = request.getParameter("limit");
        if (raw == null) {
            return Page.DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(raw);
            if (limit >= 1 && limit <= Page.MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below, like an out-of-range number
        }
        throw new ApiException(400, "limit", "must be a whole number from 1 to " + Page.MAX_LIMIT);
    }

    // Only what is known on return: a room publication's position, and this node's hand-outs on one node.
    private static JsonObject delivered(Published published) {
        JsonObjectBuilder answer = Json.createObjectBuilder().add("accepted", true);
        published.position().ifPresent(position -> answer.add("epoch", position.epoch())
                .add("offset", position.offset()));
        published.localRecipients().ifPresent(handed -> answer.add("localRecipients", handed));
        return answer.build();
    }

    private static <T> JsonObject gathered(Gathered<T> gathered, Function<T, JsonObject> body) {
        return nodes(Json.createObjectBuilder(body.apply(gathered.value())), gathered).build();
    }

    private static JsonObject closed(Gathered<Integer> closed) {
        return nodes(Json.createObjectBuilder().add("closed", closed.value()), closed).build();
    }

    /** In a cluster, the nodes an answer covers: {@code "nodes":{"answered":2,"expected":2,"missing":[]}}. */
    private static JsonObjectBuilder nodes(JsonObjectBuilder answer, Gathered<?> gathered) {
        gathered.nodes().ifPresent(nodes -> answer.add("nodes", Json.createObjectBuilder()
                .add("answered", nodes.answered()).add("expected", nodes.expected())
                .add("missing", Json.createArrayBuilder(nodes.missing()))));
        return answer;
    }

    private static JsonObject stats(GatewayStats stats) {
        return Json.createObjectBuilder().add("connections", stats.connections()).add("users", stats.users())
                .add("rooms", stats.rooms()).add("messages", stats.messages()).add("deliveries", stats.deliveries())
                .add("timestamp", stats.timestamp().toString()).build();
    }

    private static JsonObject rooms(Page<Map.Entry<String, Integer>> page) {
        JsonArrayBuilder rooms = Json.createArrayBuilder();
        page.items().forEach(room -> rooms.add(Json.createObjectBuilder().add("room", room.getKey())
                .add("members", room.getValue())));
        return Json.createObjectBuilder().add("rooms", rooms).add("truncated", page.truncated()).build();
    }

    private static JsonObjectBuilder connections(Page<ConnectionView> page) {
        JsonArrayBuilder connections = Json.createArrayBuilder();
        for (ConnectionView view : page.items()) {
            connections.add(Json.createObjectBuilder().add("connectionId", view.connectionId())
                    .add("userId", view.userId()).add("rooms", Json.createArrayBuilder(view.rooms()))
                    .add("expiresAt", view.expiresAt().toString()));
        }
        return Json.createObjectBuilder().add("connections", connections).add("truncated", page.truncated());
    }

    private static JsonObject error(int status, String field, String message) {
        JsonObjectBuilder error = Json.createObjectBuilder().add("status", status).add("message", message);
        if (field != null) {
            error.add("field", field);
        }
        return Json.createObjectBuilder().add("error", error).build();
    }

    private static void answer(HttpServletResponse response, int status, JsonObject body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json;charset=UTF-8");
        response.getWriter().write(body.toString());
    }
}
