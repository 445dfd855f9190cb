package dev.eventsgateway.ops.control;

import dev.eventsgateway.connections.control.Connections;
import dev.eventsgateway.delivery.control.DeliverySettings;
import dev.eventsgateway.history.entity.RecoveryOutcome;
import dev.eventsgateway.metrics.control.GatewayMetrics;
import dev.eventsgateway.metrics.control.HandshakeResult;
import dev.eventsgateway.metrics.control.InboundKind;
import dev.eventsgateway.metrics.control.RedisMetrics;
import dev.eventsgateway.protocol.entity.CloseCode;
import dev.eventsgateway.protocol.entity.ErrorCode;
import dev.eventsgateway.rooms.control.RoomManager;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The gateway's counters and gauges as one Prometheus text exposition. */
@ApplicationScoped
public class MetricsExposition {

    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private GatewayMetrics metrics;
    private Connections connections;
    private RoomManager rooms;
    private Optional<RedisMetrics> cluster;

    protected MetricsExposition() {
        // for the CDI proxy
    }

    @Inject
    public MetricsExposition(GatewayMetrics metrics, Connections connections, RoomManager rooms,
                             RedisMetrics redis, DeliverySettings delivery) {
        this.metrics = metrics;
        this.connections = connections;
        this.rooms = rooms;
        this.cluster = delivery.clustered() ? Optional.of(redis) : Optional.empty();
    }

    public String render() {
        return render(metrics, new Gauges(connections.count(), connections.users(), rooms.roomCount(),
                rooms.membershipCount(), SendQueues.of(connections.all()), rooms.historyBytes()), cluster);
    }

    /** The exposition, with the Redis families only when {@code cluster} is present: a single node has no Redis. */
    static String render(GatewayMetrics metrics, Gauges gauges, Optional<RedisMetrics> cluster) {
        PrometheusText text = new PrometheusText();
        text.family("events_gateway_connections_open", "gauge", "WebSocket connections open on this server.")
                .sample("events_gateway_connections_open", gauges.openConnections());
        text.family("events_gateway_users_connected", "gauge", "Users holding at least one connection.")
                .sample("events_gateway_users_connected", gauges.users());
        text.family("events_gateway_rooms", "gauge", "Rooms with at least one member on this server.")
                .sample("events_gateway_rooms", gauges.rooms());
        text.family("events_gateway_room_memberships", "gauge",
                "Room memberships on this server: a connection counts once per room it is in.")
                .sample("events_gateway_room_memberships", gauges.memberships());
        text.family("events_gateway_send_queue_frames", "gauge",
                "Frames waiting in the send queues of all connections, behind the one each has in flight.")
                .sample("events_gateway_send_queue_frames", gauges.sendQueues().queuedFrames());
        text.family("events_gateway_send_queue_max_frames", "gauge",
                "Frames waiting in the longest send queue of a single connection.")
                .sample("events_gateway_send_queue_max_frames", gauges.sendQueues().longestQueue());
        text.family("events_gateway_history_bytes", "gauge",
                "Room history held in this server's memory: 2 bytes per frame character plus 64 per publication.")
                .sample("events_gateway_history_bytes", gauges.historyBytes());
        text.family("events_gateway_recoveries_total", "counter",
                "Joins with since, by outcome: recovered, or not with the reason epoch_changed, too_old or too_many.");
        for (RecoveryOutcome outcome : RecoveryOutcome.values()) {
            text.sample("events_gateway_recoveries_total", "outcome", outcome.label(), metrics.recoveries(outcome));
        }
        text.family("events_gateway_handshakes_total", "counter",
                "WebSocket handshakes by outcome: accepted, or refused with 4401, HTTP 403 (origin) or 1013 (limits).");
        for (HandshakeResult result : HandshakeResult.values()) {
            text.sample("events_gateway_handshakes_total", "outcome", result.label(), metrics.handshakes(result));
        }
        text.family("events_gateway_handshake_duration_seconds", "histogram",
                "Accepted handshakes from the start of the upgrade to the connected frame queued.")
                .histogram("events_gateway_handshake_duration_seconds", metrics.handshakeDurations());
        text.family("events_gateway_jwks_fetches_total", "counter", "HTTP fetches of the JWKS, failed ones included.")
                .sample("events_gateway_jwks_fetches_total", metrics.jwksFetches());
        text.family("events_gateway_jwks_fetch_failures_total", "counter",
                "JWKS fetches that brought no document: I/O error, timeout or HTTP error status.")
                .sample("events_gateway_jwks_fetch_failures_total", metrics.jwksFailures());
        text.family("events_gateway_connections_closed_total", "counter",
                "Opened connections that ended, whoever closed them.")
                .sample("events_gateway_connections_closed_total", metrics.connectionsClosed());
        text.family("events_gateway_server_closes_total", "counter",
                "Close frames the gateway sent to opened connections, by close code.");
        for (Map.Entry<Integer, Long> close : closesByCode(metrics).entrySet()) {
            text.sample("events_gateway_server_closes_total", "code", close.getKey().toString(), close.getValue());
        }
        text.family("events_gateway_operator_closes_total", "counter",
                "Close frames with a code and reason an operator chose through the server API.")
                .sample("events_gateway_operator_closes_total", metrics.operatorCloses());
        text.family("events_gateway_slow_consumers_closed_total", "counter",
                "Connections closed with 4409: their backlog passed its bounds or they owed progress too long.")
                .sample("events_gateway_slow_consumers_closed_total", metrics.serverCloses(CloseCode.SLOW_CONSUMER));
        text.family("events_gateway_inbound_frames_total", "counter",
                "Client text frames dispatched, by event (malformed and oversized frames included).");
        for (InboundKind kind : InboundKind.values()) {
            text.sample("events_gateway_inbound_frames_total", "event", kind.label(), metrics.inbound(kind));
        }
        text.family("events_gateway_errors_total", "counter", "Client frames answered with an error, by error code.");
        for (ErrorCode code : ErrorCode.values()) {
            text.sample("events_gateway_errors_total", "code", code.name(), metrics.errors(code));
        }
        text.family("events_gateway_rate_limited_frames_total", "counter",
                "Client frames refused with RATE_LIMITED.")
                .sample("events_gateway_rate_limited_frames_total", metrics.errors(ErrorCode.RATE_LIMITED));
        text.family("events_gateway_fanouts_total", "counter", "Room and broadcast publications.")
                .sample("events_gateway_fanouts_total", metrics.fanOuts());
        text.family("events_gateway_deliveries_total", "counter",
                "Frames handed to connections' send queues by room and broadcast publications.")
                .sample("events_gateway_deliveries_total", metrics.deliveries());
        text.family("events_gateway_delivered_bytes_total", "counter",
                "UTF-8 bytes of the frames counted by events_gateway_deliveries_total.")
                .sample("events_gateway_delivered_bytes_total", metrics.deliveredBytes());
        text.family("events_gateway_fanout_duration_seconds", "histogram",
                "Room and broadcast publications: the hand-out loop and the closes of queues it overflowed.")
                .histogram("events_gateway_fanout_duration_seconds", metrics.fanOutDurations());
        cluster.ifPresent(redis -> redisFamilies(text, redis));
        return text.toString();
    }

    private static void redisFamilies(PrometheusText text, RedisMetrics redis) {
        text.family("events_gateway_redis_publishes_total", "counter",
                        "Publications this server sent to Redis, failed ones included.")
                .sample("events_gateway_redis_publishes_total", redis.publishes());
        text.family("events_gateway_redis_publish_failures_total", "counter",
                        "Publications Redis did not take (unreachable or timed out); nobody received them.")
                .sample("events_gateway_redis_publish_failures_total", redis.publishFailures());
        text.family("events_gateway_redis_receptions_total", "counter",
                        "Publications of any server this server received from Redis and handed out.")
                .sample("events_gateway_redis_receptions_total", redis.receptions());
        text.family("events_gateway_redis_missed_frames_total", "counter",
                        "Room publications that never reached this server live, seen as gaps in their offsets.")
                .sample("events_gateway_redis_missed_frames_total", redis.missedFrames());
        text.family("events_gateway_redis_diverged_rooms_total", "counter",
                        "Rooms whose Redis lost publications this server had received; each started a new epoch.")
                .sample("events_gateway_redis_diverged_rooms_total", redis.divergedRooms());
        text.family("events_gateway_redis_lag_seconds", "histogram",
                        "From publication to hand-out on this server, by the publisher's and this server's clocks.")
                .histogram("events_gateway_redis_lag_seconds", redis.lag());
    }

    /** 4401 stands for two reasons (invalid credentials, token expired): one series per code on the wire. */
    private static Map<Integer, Long> closesByCode(GatewayMetrics metrics) {
        Map<Integer, Long> byCode = new TreeMap<>();
        for (CloseCode code : CloseCode.values()) {
            byCode.merge(code.code(), metrics.serverCloses(code), Long::sum);
        }
        return byCode;
    }
}
