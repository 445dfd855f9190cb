package dev.eventsgateway.metrics.control;

import dev.eventsgateway.history.entity.RecoveryOutcome;
import dev.eventsgateway.protocol.entity.CloseCode;
import dev.eventsgateway.protocol.entity.Closure;
import dev.eventsgateway.protocol.entity.ErrorCode;
import dev.eventsgateway.protocol.entity.Failure;
import dev.eventsgateway.protocol.entity.InboundFrame;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.LongAdder;

/**
 * The gateway's counters, one {@link LongAdder} per label value, so that counting costs an uncontended increment; the
 * features that know an event count it here and the operations endpoint reads them.
 */
@ApplicationScoped
public class GatewayMetrics {

    private final LongAdder[] handshakes = adders(HandshakeResult.values().length);
    private final LongAdder[] serverCloses = adders(CloseCode.values().length);
    private final LongAdder operatorCloses = new LongAdder();
    private final LongAdder connectionsClosed = new LongAdder();
    private final LongAdder[] inbound = adders(InboundKind.values().length);
    private final LongAdder[] errors = adders(ErrorCode.values().length);
    private final LongAdder deliveries = new LongAdder();
    private final LongAdder deliveredBytes = new LongAdder();
    private final LongAdder fanOuts = new LongAdder();
    private final DurationHistogram fanOutDurations = new DurationHistogram(DurationHistogram.MICROS_TO_SECOND);
    private final DurationHistogram handshakeDurations = new DurationHistogram(DurationHistogram.HANDSHAKE);
    private final LongAdder jwksFetches = new LongAdder();
    private final LongAdder jwksFailures = new LongAdder();
    private final LongAdder[] recoveries = adders(RecoveryOutcome.values().length);

    public void handshake(HandshakeResult result) {
        handshakes[result.ordinal()].increment();
    }

    /** The gateway sent this close code to an open connection. */
    public void serverClosed(CloseCode code) {
        serverCloses[code.ordinal()].increment();
    }

    /** The gateway sent this close frame: one of its own codes, or else a code and reason an operator chose. */
    public void serverClosed(Closure closure) {
        CloseCode.of(closure).ifPresentOrElse(this::serverClosed, operatorCloses::increment);
    }

    /** An open connection ended, whoever closed it. */
    public void connectionClosed() {
        connectionsClosed.increment();
    }

    public void inbound(InboundFrame frame) {
        inbound[InboundKind.of(frame).ordinal()].increment();
    }

    /** A client frame was answered with this failure. */
    public void failed(Failure failure) {
        errors[failure.code().ordinal()].increment();
    }

    /**
     * One fan-out handed a frame of {@code frameBytes} UTF-8 bytes to {@code recipients} connections in
     * {@code nanos}.
     */
    public void delivered(int recipients, int frameBytes, long nanos) {
        fanOuts.increment();
        deliveries.add(recipients);
        deliveredBytes.add((long) recipients * frameBytes);
        fanOutDurations.observe(nanos);
    }

    /** An accepted handshake took this long from its start to its {@code connected} frame being queued. */
    public void handshakeCompleted(long nanos) {
        handshakeDurations.observe(nanos);
    }

    /** The JWKS was fetched over HTTP; {@code failed} when no document came back (I/O error or HTTP error status). */
    public void jwksFetched(boolean failed) {
        jwksFetches.increment();
        if (failed) {
            jwksFailures.increment();
        }
    }

    /** A join with {@code since} added its connection to the room with this outcome. */
    public void recovery(RecoveryOutcome outcome) {
        recoveries[outcome.ordinal()].increment();
    }

    public long recoveries(RecoveryOutcome outcome) {
        return recoveries[outcome.ordinal()].sum();
    }

    public long handshakes(HandshakeResult result) {
        return handshakes[result.ordinal()].sum();
    }

    public long serverCloses(CloseCode code) {
        return serverCloses[code.ordinal()].sum();
    }

    public long operatorCloses() {
        return operatorCloses.sum();
    }

    public long connectionsClosed() {
        return connectionsClosed.sum();
    }

    public long inbound(InboundKind kind) {
        return inbound[kind.ordinal()].sum();
    }

    public long errors(ErrorCode code) {
        return errors[code.ordinal()].sum();
    }

    public long deliveries() {
        return deliveries.sum();
    }

    public long deliveredBytes() {
        return deliveredBytes.sum();
    }

    public long fanOuts() {
        return fanOuts.sum();
    }

    public DurationHistogram.Snapshot fanOutDurations() {
        return fanOutDurations.snapshot();
    }

    public DurationHistogram.Snapshot handshakeDurations() {
        return handshakeDurations.snapshot();
    }

    public long jwksFetches() {
        return jwksFetches.sum();
    }

    public long jwksFailures() {
        return jwksFailures.sum();
    }

    private static LongAdder[] adders(int count) {
        LongAdder[] adders = new LongAdder[count];
        for (int i = 0; i < count; i++) {
            adders[i] = new LongAdder();
        }
        return adders;
    }
}
