package dev.eventsgateway.ops.control;

import dev.eventsgateway.connections.control.Connections;
import dev.eventsgateway.metrics.control.GatewayMetrics;
import dev.eventsgateway.metrics.control.HandshakeResult;
import dev.eventsgateway.metrics.control.InboundKind;
import dev.eventsgateway.protocol.entity.CloseCode;
import dev.eventsgateway.protocol.entity.ErrorCode;
import dev.eventsgateway.rooms.control.RoomManager;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.TreeMap;

/** The gateway's counters and gauges as one Prometheus text exposition. */
@ApplicationScoped
public class MetricsExposition {

    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private GatewayMetrics metrics;
    private Connections connections;
    private RoomManager rooms;

    protected MetricsExposition() {
        // for the CDI proxy
    }

    @Inject
    public MetricsExposition(GatewayMetrics metrics, Connections connections, RoomManager rooms) {
        this.metrics = metrics;
        this.connections = connections;
        this.rooms = rooms;
    }

    public String render() {
        return render(metrics, connections.count(), connections.users(), rooms.roomCount());
    }

    static String render(GatewayMetrics metrics, int openConnections, int users, int roomCount) {
        PrometheusText text = new PrometheusText();
        text.family("events_gateway_connections_open", "gauge", "WebSocket connections open on this server.")
                .sample("events_gateway_connections_open", openConnections);
        text.family("events_gateway_users_connected", "gauge", "Users holding at least one connection.")
                .sample("events_gateway_users_connected", users);
        text.family("events_gateway_rooms", "gauge", "Rooms with at least one member on this server.")
                .sample("events_gateway_rooms", roomCount);
        text.family("events_gateway_handshakes_total", "counter",
                "WebSocket handshakes by outcome: accepted, or refused with 4401, HTTP 403 (origin) or 1013 (limits).");
        for (HandshakeResult result : HandshakeResult.values()) {
            text.sample("events_gateway_handshakes_total", "outcome", result.label(), metrics.handshakes(result));
        }
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
                "Connections closed with 4409 because their send queue overflowed.")
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
        return text.toString();
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
