package dev.eventsgateway.ops.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventsgateway.metrics.control.GatewayMetrics;
import dev.eventsgateway.metrics.control.HandshakeResult;
import dev.eventsgateway.protocol.entity.CloseCode;
import dev.eventsgateway.protocol.entity.ErrorCode;
import dev.eventsgateway.protocol.entity.Failure;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsExpositionTest {

    private final GatewayMetrics metrics = new GatewayMetrics();

    private List<String> lines() {
        return MetricsExposition.render(metrics, 3, 2, 1).lines().toList();
    }

    @Test
    void everySampleFollowsItsHelpAndTypeLines() {
        String family = null;
        for (String line : lines()) {
            if (line.startsWith("# HELP ")) {
                family = line.split(" ")[2];
            } else if (line.startsWith("# TYPE ")) {
                assertEquals(family, line.split(" ")[2], line);
            } else {
                assertTrue(line.startsWith(family + " ") || line.startsWith(family + "{"), line);
            }
        }
    }

    @Test
    void gaugesShowTheCurrentValues() {
        assertTrue(lines().contains("events_gateway_connections_open 3"));
        assertTrue(lines().contains("events_gateway_users_connected 2"));
        assertTrue(lines().contains("events_gateway_rooms 1"));
    }

    @Test
    void countersAreNamedTotalAndLabelledFromTheEnums() {
        metrics.handshake(HandshakeResult.FOREIGN_ORIGIN);
        metrics.failed(Failure.of(ErrorCode.NOT_IN_ROOM, "not in room"));
        assertTrue(lines().contains("events_gateway_handshakes_total{outcome=\"refused_403\"} 1"));
        assertTrue(lines().contains("events_gateway_handshakes_total{outcome=\"accepted\"} 0"));
        assertTrue(lines().contains("events_gateway_errors_total{code=\"NOT_IN_ROOM\"} 1"));
        lines().stream().filter(line -> line.startsWith("# TYPE ") && line.endsWith(" counter"))
                .forEach(line -> assertTrue(line.split(" ")[2].endsWith("_total"), line));
    }

    @Test
    void bothReasonsFor4401AddUpInOneSeries() {
        metrics.serverClosed(CloseCode.TOKEN_EXPIRED);
        metrics.serverClosed(CloseCode.INVALID_CREDENTIALS);
        assertTrue(lines().contains("events_gateway_server_closes_total{code=\"4401\"} 2"));
        assertEquals(1, lines().stream().filter(line -> line.contains("code=\"4401\"")).count());
    }

    @Test
    void slowConsumersAreTheClosesWith4409() {
        metrics.serverClosed(CloseCode.SLOW_CONSUMER);
        assertTrue(lines().contains("events_gateway_slow_consumers_closed_total 1"));
        assertTrue(lines().contains("events_gateway_server_closes_total{code=\"4409\"} 1"));
    }

    @Test
    void deliveriesCountFramesAndTheirUtf8Bytes() {
        metrics.delivered(3, 10);
        metrics.delivered(0, 10);
        assertTrue(lines().contains("events_gateway_fanouts_total 2"));
        assertTrue(lines().contains("events_gateway_deliveries_total 3"));
        assertTrue(lines().contains("events_gateway_delivered_bytes_total 30"));
    }
}
