package dev.eventsgateway.metrics.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eventsgateway.protocol.entity.CloseCode;
import dev.eventsgateway.protocol.entity.Closure;
import dev.eventsgateway.protocol.entity.Envelope;
import dev.eventsgateway.protocol.entity.ErrorCode;
import dev.eventsgateway.protocol.entity.InboundFrame;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GatewayMetricsTest {

    private final GatewayMetrics metrics = new GatewayMetrics();

    @Test
    void inboundFramesAreCountedByTheirEvent() {
        metrics.inbound(new InboundFrame.Request(Optional.empty(), new Envelope.Ping(), 16));
        metrics.inbound(new InboundFrame.Request(Optional.empty(), new Envelope.Join(new Envelope.JoinData("a", null)), 30));
        metrics.inbound(new InboundFrame.Malformed(Optional.empty(), ErrorCode.BAD_REQUEST, "not JSON", 3));
        metrics.inbound(new InboundFrame.Oversized(1 << 20));
        assertEquals(1, metrics.inbound(InboundKind.PING));
        assertEquals(1, metrics.inbound(InboundKind.JOIN));
        assertEquals(1, metrics.inbound(InboundKind.MALFORMED));
        assertEquals(1, metrics.inbound(InboundKind.OVERSIZED));
        assertEquals(0, metrics.inbound(InboundKind.MESSAGE));
    }

    @Test
    void closesAreCountedAsTheGatewaysOwnCodeOrAsAnOperatorsChoice() {
        metrics.serverClosed(CloseCode.SLOW_CONSUMER.closure());
        metrics.serverClosed(new Closure(4409, "an operator's words"));
        metrics.serverClosed(new Closure(4000, "disconnected by an operator"));
        assertEquals(1, metrics.serverCloses(CloseCode.SLOW_CONSUMER));
        assertEquals(2, metrics.operatorCloses());
    }

    @Test
    void aFanOutToNobodyCountsNoDeliveries() {
        metrics.delivered(0, 100, 1_000);
        assertEquals(1, metrics.fanOuts());
        assertEquals(1, metrics.fanOutDurations().count(), "timed like any other");
        assertEquals(0, metrics.deliveries());
        assertEquals(0, metrics.deliveredBytes());
    }
}
