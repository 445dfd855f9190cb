package dev.eventsgateway.connections.control;

import dev.eventsgateway.metrics.control.GatewayMetrics;
import dev.eventsgateway.protocol.entity.Closure;
import java.util.function.Consumer;

/** A transport that counts the close codes the gateway sends, by code. */
final class CloseCounting implements Transport {

    private final Transport transport;
    private final GatewayMetrics metrics;

    CloseCounting(Transport transport, GatewayMetrics metrics) {
        this.transport = transport;
        this.metrics = metrics;
    }

    @Override
    public void sendText(String frame, Consumer<Throwable> completion) {
        transport.sendText(frame, completion);
    }

    @Override
    public void sendPing(long payload) {
        transport.sendPing(payload);
    }

    @Override
    public void close(Closure closure) {
        metrics.serverClosed(closure);
        transport.close(closure);
    }
}
