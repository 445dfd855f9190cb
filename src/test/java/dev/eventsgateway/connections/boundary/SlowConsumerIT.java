package dev.eventsgateway.connections.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.eventsgateway.rooms.control.RoomManager;
import dev.eventsgateway.system.Gateway;
import dev.eventsgateway.system.GatewayExtension;
import dev.eventsgateway.system.GatewayLauncher;
import dev.eventsgateway.system.RawWebSocket;
import dev.eventsgateway.system.ServerLog;
import dev.eventsgateway.system.TestClient;
import dev.eventsgateway.system.Tokens;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * PROTOCOL.md section 5, 4409: a member that stops reading is closed once its send window and queue are full, the
 * server's memory stays bounded meanwhile, and the other members of the room receive every frame without a gap.
 */
@ExtendWith(GatewayExtension.class)
class SlowConsumerIT {

    private static final String ROOM = "slow-lane";
    /** Large frames fill the socket buffers and the send window well within the stalled member's heartbeat grace. */
    private static final int FRAME_CHARS = 128 * 1024;
    private static final String PAD = "x".repeat(FRAME_CHARS);
    /** Chat content is capped at 100 000 characters by configuration. */
    private static final int MESSAGE_CHARS = 90_000;
    /** A small receive window, so that the stalled member backs the server up within its heartbeat grace. */
    private static final int SLOW_RECEIVE_BUFFER = 4096;
    /** 250 MB of frames at most: far beyond socket buffers, the send queue and the heap bound asserted below. */
    private static final int MAX_FRAMES = 2000;
    /** After the slow member is gone, the room carries on for this many more frames. */
    private static final int AFTER_CLOSE = 200;
    /**
     * How far the producer may run ahead of the fast reader. The gateway holds 15 of these frames for a reader (a send
     * window of 1 MiB unconfirmed, 1 MiB queued), but the JDK client was seen answering pings only once the frames
     * behind them paused, so that confirmations lag up to a window (8 frames) behind what it has read.
     */
    private static final int AHEAD = 4;
    private static final long HEAP_BOUND = 24L * 1024 * 1024;

    @Test
    void slowMemberIsClosedWith4409WhileHeapStaysBoundedAndTheRoomGetsEverything(Gateway gateway) throws IOException {
        assumeTrue(gateway.bean(RoomManager.class).isPresent(), "pushes through the RoomManager of the embedded target");
        RoomManager rooms = gateway.bean(RoomManager.class).orElseThrow();
        try (TestClient fast = gateway.connected("fast-reader");
             RawWebSocket slow = stalledMember(gateway, "slow-reader")) {
            fast.join(ROOM);
            long baseline = heapAfterGc();
            long[] peak = {baseline};

            Result result = run(fast, seq -> {
                rooms.broadcastToRoom(ROOM, "load", Map.of("seq", seq, "pad", PAD));
                if (seq % 25 == 0) {
                    peak[0] = Math.max(peak[0], heapAfterGc());
                }
            });

            long growth = peak[0] - baseline;
            // The room's history keeps its latest publications by design, under a bound of its own (protocol 8.7).
            long history = rooms.historyBytes();
            System.out.printf("slow consumer (embedded): closed after %d frames of %d KiB; fast reader got all %d frames"
                            + " in %d ms (%.0f frames/s); heap after GC %d MiB at start, peak %d MiB (+%d KiB), of which"
                            + " the room's history holds at most %d KiB%n",
                    result.closedAfter, FRAME_CHARS / 1024, result.received, result.millis,
                    result.received * 1000.0 / result.millis, baseline >> 20, peak[0] >> 20, growth >> 10,
                    history >> 10);
            assertTrue(growth < HEAP_BOUND + history, "heap grew by " + (growth >> 20) + " MiB while a member stalled,"
                    + " with " + (history >> 20) + " MiB of history");
            assertEquals(4409, slow.awaitCloseCode());
        }
    }

    @Test
    void slowMemberOfARealServerIsClosedWith4409WhileTheRoomGetsEverything(GatewayLauncher launcher)
            throws IOException {
        assumeTrue(launcher.canLaunch(), "needs a server without a rate limit for the publisher");
        // No rate limit for the publisher, room for its large messages, and a heartbeat too slow to close first.
        try (var server = launcher.launch(Map.of("EVENTS_RATE_LIMIT_PER_SECOND", "0",
                "EVENTS_MAX_MESSAGE_LENGTH", String.valueOf(MESSAGE_CHARS + 100),
                "EVENTS_MAX_FRAME_BYTES", String.valueOf(MESSAGE_CHARS + 1024), "EVENTS_HEARTBEAT_MS", "60000"));
             ServerLog log = ServerLog.capture(server.gateway());
             TestClient fast = server.gateway().connected("fast-reader");
             TestClient publisher = server.gateway().connected(Tokens.forUser("publisher"));
             RawWebSocket slow = stalledMember(server.gateway(), "slow-reader")) {
            fast.join(ROOM);
            publisher.join(ROOM);
            publisher.clear();

            Result result = run(fast, seq -> {
                publisher.send(Json.createObjectBuilder().add("event", "message").add("data", Json.createObjectBuilder()
                        .add("room", ROOM).add("content", seq + ":" + PAD.substring(0, MESSAGE_CHARS))).build());
                publisher.next(SlowConsumerIT::isLoad, TestClient.WAIT);
            });

            System.out.printf("slow consumer (%s): closed after %d frames of %d KiB; fast reader got all %d frames in"
                            + " %d ms (%.0f frames/s)%n", server.gateway().targetName(), result.closedAfter,
                    MESSAGE_CHARS / 1024, result.received, result.millis, result.received * 1000.0 / result.millis);
            log.await(text -> text.contains("of user slow-reader stopped reading"), TestClient.WAIT);
            // Tyrus (Payara) may discard what it had queued for a peer that stopped reading, close frame included,
            // and just end the TCP connection; the log line above is the server's own word then.
            OptionalInt code = slow.closeCodeOrEnd();
            assertTrue(code.isEmpty() || code.getAsInt() == 4409, "closed with " + code);
        }
    }

    /** A member of the room on a raw socket with a small receive buffer, which never reads after joining. */
    private static RawWebSocket stalledMember(Gateway gateway, String user) throws IOException {
        RawWebSocket slow = RawWebSocket.connect(gateway.baseUri(), Tokens.forUser(user).sign(), SLOW_RECEIVE_BUFFER);
        slow.sendText("{\"event\":\"join\",\"id\":1,\"data\":{\"room\":\"" + ROOM + "\"}}");
        slow.readUntil("\"success\":true");
        return slow;
    }

    /**
     * Produces frames numbered 0, 1, 2... as fast as the fast member reads them, until the slow member has left and
     * {@link #AFTER_CLOSE} more went by; checks that the fast member received each one, in order.
     */
    private static Result run(TestClient fast, IntConsumer produce) {
        long started = System.nanoTime();
        int closedAfter = -1;
        int seq = 0;
        int received = 0;
        while (closedAfter < 0 ? seq < MAX_FRAMES : seq < closedAfter + AFTER_CLOSE) {
            produce.accept(seq++);
            while (received < seq - AHEAD) {
                assertEquals(received, sequence(fast.next(SlowConsumerIT::isLoad, TestClient.WAIT)), "no gap, no reordering");
                received++;
            }
            if (closedAfter < 0 && fast.poll(frame -> "user:left".equals(frame.getString("event"))
                    && "slow-reader".equals(frame.getJsonObject("data").getString("userId"))).isPresent()) {
                closedAfter = seq;
            }
        }
        while (received < seq) {
            assertEquals(received, sequence(fast.next(SlowConsumerIT::isLoad, TestClient.WAIT)), "no gap, no reordering");
            received++;
        }
        assertTrue(closedAfter > 0, "the slow member was never closed in " + MAX_FRAMES + " frames");
        return new Result(closedAfter, received, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    private record Result(int closedAfter, int received, long millis) {
    }

    private static boolean isLoad(JsonObject frame) {
        return "load".equals(frame.getString("event")) || "message".equals(frame.getString("event"));
    }

    private static int sequence(JsonObject frame) {
        JsonObject data = frame.getJsonObject("data");
        if (data.containsKey("seq")) {
            return data.getInt("seq");
        }
        String content = data.getString("content");
        return Integer.parseInt(content.substring(0, content.indexOf(':')));
    }

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
