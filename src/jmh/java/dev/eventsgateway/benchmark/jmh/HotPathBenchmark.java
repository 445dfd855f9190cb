package dev.eventsgateway.benchmark.jmh;

import dev.eventsgateway.auth.entity.Caller;
import dev.eventsgateway.auth.entity.RoomGrants;
import dev.eventsgateway.auth.entity.TokenLifetime;
import dev.eventsgateway.connections.control.Connection;
import dev.eventsgateway.connections.control.ConnectionSettings;
import dev.eventsgateway.connections.control.Connections;
import dev.eventsgateway.connections.control.Disconnected;
import dev.eventsgateway.connections.control.Disconnects;
import dev.eventsgateway.connections.control.ForwardingEvent;
import dev.eventsgateway.connections.control.Transport;
import dev.eventsgateway.messaging.boundary.EnvelopeDecoder;
import dev.eventsgateway.protocol.entity.ChatMessage;
import dev.eventsgateway.protocol.entity.CloseCode;
import dev.eventsgateway.protocol.entity.EventName;
import dev.eventsgateway.protocol.entity.InboundFrame;
import dev.eventsgateway.protocol.entity.WireFormat;
import dev.eventsgateway.rooms.control.RoomManager;
import dev.eventsgateway.rooms.control.RoomSettings;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The pieces every chat message goes through once (decode, encode) and once per recipient (room lookup and the
 * hand-off to each member's outbound queue, over a transport that completes every send at once).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class HotPathBenchmark {

    private static final String INBOUND = "{\"event\":\"message\",\"id\":42,\"data\":{\"content\":"
            + "\"t=123456789;xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\",\"room\":\"bench\"}}";

    @Param({"1000"})
    int members;

    private final EnvelopeDecoder decoder = new EnvelopeDecoder();
    private RoomManager rooms;
    private String frame;

    @Setup
    public void setUp() {
        var settings = new ConnectionSettings(Duration.ofSeconds(25), 512, 100_000, 100, 0, 0);
        // No connection closes while benchmarking, so departures go nowhere.
        var disconnects = new Disconnects(new ForwardingEvent<Disconnected>(), Runnable::run);
        rooms = new RoomManager(new Connections(settings, disconnects), disconnects, new RoomSettings(100, 100));
        Caller caller = new Caller("member", RoomGrants.everyRoom(), Set.of(), Instant.now().plusSeconds(3600));
        Consumer<Connection> released = connection -> { };
        var lifetime = new TokenLifetime(caller.expiresAt(), caller.expiresAt(), caller.expiresAt());
        for (int i = 0; i < members; i++) {
            var transport = new ImmediateTransport();
            var connection = new Connection("c" + i, caller, lifetime, transport, settings,
                    System.nanoTime(), released);
            transport.peer = connection;
            rooms.join(connection, "bench");
        }
        frame = encode();
    }

    @Benchmark
    public InboundFrame decode() {
        return decoder.decode(INBOUND);
    }

    @Benchmark
    public String encode() {
        return WireFormat.frame(EventName.MESSAGE, new ChatMessage("publisher", "t=123456789;xxxxxxxxxxxxxxxxxxxxxxxxxx",
                "bench", "2026-01-01T00:00:00.000Z"));
    }

    /** One message handed to every member: the room lookup plus, per member, the outbound queue. */
    @Benchmark
    public int fanOut() {
        return rooms.publish("bench", frame, null);
    }

    /** A transport whose sends complete before they return and whose pings are answered at once, as a fast peer's. */
    static final class ImmediateTransport implements Transport {
        Connection peer;

        @Override
        public void sendText(String text, Consumer<Throwable> completion) {
            completion.accept(null);
        }

        @Override
        public void sendPing(long payload) {
            peer.ponged(ByteBuffer.allocate(Long.BYTES).putLong(0, payload), System.nanoTime());
        }

        @Override
        public void close(CloseCode code) {
        }
    }
}
