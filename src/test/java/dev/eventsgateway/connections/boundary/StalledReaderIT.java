package dev.eventsgateway.connections.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.eventsgateway.system.Gateway;
import dev.eventsgateway.system.GatewayExtension;
import dev.eventsgateway.system.GatewayLauncher;
import dev.eventsgateway.system.RawWebSocket;
import dev.eventsgateway.system.ServerLog;
import dev.eventsgateway.system.TestClient;
import dev.eventsgateway.system.Tokens;
import jakarta.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The issue's scenario on every server: 27 members, 25 of them post ~1 KB messages at 16/s each (under the rate
 * limit), one stops reading with a closed receive window. The stalled member is closed (4409, or the connection ends)
 * within 10 s, the server's memory stays bounded, and every other member receives every message in order.
 */
@ExtendWith(GatewayExtension.class)
class StalledReaderIT {

    private static final String ROOM = "stalled-lane";
    private static final String STALLED = "stalled-reader";
    private static final int PUBLISHERS = 25;
    private static final long PERIOD_MICROS = 1_000_000 / 16;
    /** Just under the test gateway's longest message of 1000 code points. */
    private static final String PAD = "x".repeat(960);
    private static final int STALLED_RECEIVE_BUFFER = 4096;
    private static final Duration CLOSE_LIMIT = Duration.ofSeconds(10);
    /** The room carries on for this many more messages after the stalled member has gone (about 3 s of them). */
    private static final int AFTERMATH = PUBLISHERS * 16 * 3;
    private static final Duration PUBLISH_LIMIT = Duration.ofSeconds(20);
    /**
     * What the server's live heap may have grown by once the others have read everything, while the container still
     * holds what it took for the stalled member (it has not read since): its send window (1 to 1.25 MiB here), the
     * container's buffers around it, and noise; Payara held 135 MB after a 25 s stall before.
     */
    private static final long HEAP_BOUND = 8L << 20;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** 300 KB: past the first quarter window, after which a ping asks for confirmation, and well within the bounds. */
    private static final int QUIET_BURST = 30;
    private static final Duration QUIET_TIMEOUT = Duration.ofSeconds(3);

    /** Embedded Tyrus shares this JVM's CDI container, so it runs with the suite's settings (a queue of 512). */
    @Test
    @EnabledIfSystemProperty(named = "events.target", matches = "embedded")
    void stalledReaderOfTheEmbeddedGatewayIsClosedWhileEveryOtherMemberGetsEveryMessage(Gateway gateway)
            throws Exception {
        stallOneOf27(gateway);
    }

    /**
     * A server of its own with the production heartbeat, so that it does not close the member in the window's stead,
     * and room for the readers: they share the machine's two cores with the server, and a reader of the test JVM fell
     * 1.6 MB (4 s of this room) behind under the production window and queue, and was rightly closed as a slow
     * consumer. A window of 1.25 MiB and a queue of 2048 frames let a reader lag 2.5 MiB; the stalled member reaches
     * that in about 6.5 s.
     */
    @Test
    void stalledReaderOfARealServerIsClosedWithinTenSecondsWhileEveryOtherMemberGetsEveryMessage(
            GatewayLauncher launcher) throws Exception {
        assumeTrue(launcher.canLaunch(), "the embedded target runs the test above");
        try (var server = launcher.launch(Map.of("EVENTS_SEND_QUEUE_LIMIT", "2048", "EVENTS_SEND_WINDOW_BYTES",
                String.valueOf(5 << 18), "EVENTS_HEARTBEAT_MS", "25000"))) {
            stallOneOf27(server.gateway());
        }
    }

    /**
     * A member that stops reading in a quiet room never fills its queue, but owes the pong to the ping that followed
     * its first quarter window: it is closed once the send timeout (3 s here) has passed without progress.
     */
    @Test
    void stalledReaderOfAQuietRoomIsClosedAfterTheSendTimeout(GatewayLauncher launcher) throws IOException {
        assumeTrue(launcher.canLaunch(), "needs a heartbeat too slow to close the member first");
        try (var server = launcher.launch(Map.of("EVENTS_HEARTBEAT_MS", "60000", "EVENTS_SEND_TIMEOUT_MS",
                String.valueOf(QUIET_TIMEOUT.toMillis()), "EVENTS_MAX_MESSAGE_LENGTH", "10000"));
             ServerLog log = ServerLog.capture(server.gateway());
             TestClient publisher = server.gateway().connected("quiet-publisher");
             RawWebSocket stalled = stalledMember(server.gateway())) {
            publisher.join(ROOM);
            for (int i = 0; i < QUIET_BURST; i++) {
                publisher.send(Json.createObjectBuilder().add("event", "message").add("data", Json.createObjectBuilder()
                        .add("room", ROOM).add("content", i + "#" + "q".repeat(9_900))).build());
            }
            for (int i = 0; i < QUIET_BURST; i++) {
                publisher.next("message", TestClient.WAIT);
            }
            long burstDone = System.nanoTime();

            publisher.next(frame -> "user:left".equals(frame.getString("event"))
                    && STALLED.equals(frame.getJsonObject("data").getString("userId")), CLOSE_LIMIT);
            long closedAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - burstDone);
            OptionalInt code = stalled.closeCodeOrEnd();
            String line = log.text().lines().filter(text -> text.contains("of user " + STALLED))
                    .findFirst().orElse("(no slow-consumer line)");

            System.out.printf("quiet stall (%s): %d messages of 10 KB, then silence; closed %d ms after the last was"
                            + " handed out (send timeout %d ms); close seen on resume: %s; server: %s%n",
                    server.gateway().targetName(), QUIET_BURST, closedAfter, QUIET_TIMEOUT.toMillis(),
                    code.isPresent() ? code.getAsInt() : "connection ended", line.strip());
            assertTrue(line.contains("no progress for"), "closed by the send timeout: " + line);
            assertTrue(code.isEmpty() || code.getAsInt() == 4409, "closed with " + code);
        }
    }

    private static void stallOneOf27(Gateway gateway) throws Exception {
        List<Member> members = new ArrayList<>();
        ScheduledExecutorService clock = Executors.newScheduledThreadPool(4);
        MemorySampler memory = new MemorySampler(gateway);
        try (ServerLog log = ServerLog.capture(gateway)) {
            for (int i = 0; i < PUBLISHERS; i++) {
                members.add(Member.join(gateway, String.format("pub-%02d", i)));
            }
            members.add(Member.join(gateway, "listener"));
            try (RawWebSocket stalled = stalledMember(gateway)) {
                memory.start(clock);
                long started = System.nanoTime();
                var publishing = new ArrayList<java.util.concurrent.ScheduledFuture<?>>();
                int[] sent = new int[PUBLISHERS];
                for (int i = 0; i < PUBLISHERS; i++) {
                    int publisher = i;
                    publishing.add(clock.scheduleAtFixedRate(() -> members.get(publisher).post(publisher,
                            sent[publisher]++), publisher * PERIOD_MICROS / PUBLISHERS, PERIOD_MICROS,
                            TimeUnit.MICROSECONDS));
                }
                Member listener = members.get(PUBLISHERS);
                boolean left = listener.stalledLeft.await(PUBLISH_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
                long closedAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                // The container still holds what it had taken for the member, until the member reads or goes away.
                memory.sampleNow();
                if (left) {
                    listener.awaitMessages(listener.messages.get() + AFTERMATH, Duration.ofSeconds(20));
                }
                publishing.forEach(task -> task.cancel(false));
                clock.shutdown();
                assertTrue(clock.awaitTermination(10, TimeUnit.SECONDS), "publishers stopped");
                long expected = 0;
                for (int count : sent) {
                    expected += count;
                }
                long lost = 0;
                long drainedBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                for (Member member : members) {
                    lost += expected - member.awaitMessages(expected, Duration.ofNanos(drainedBy - System.nanoTime()));
                }
                memory.sampleNow();
                int gaps = members.stream().mapToInt(member -> member.gaps.get()).sum();
                String line = log.text().lines().filter(text -> text.contains("of user " + STALLED))
                        .findFirst().orElse("(no slow-consumer line)");
                OptionalInt code = closeSeenOnResume(stalled);

                System.out.printf("stalled reader (%s): closed %d ms after publishing began (%s); %d messages "
                                + "posted by %d publishers at 16/s; %d other members lost %d and saw %d out of order; "
                                + "%s; close seen on resume: %s; server: %s%n", gateway.targetName(), closedAfter,
                        left ? "left the room" : "still a member", expected, PUBLISHERS, members.size(), lost, gaps,
                        memory.describe(), code.isPresent() ? code.getAsInt() : "connection ended", line.strip());
                assertTrue(left, "the stalled member was not closed within " + PUBLISH_LIMIT);
                assertTrue(closedAfter <= CLOSE_LIMIT.toMillis(), "closed only after " + closedAfter + " ms");
                assertEquals(0, lost, "messages lost by the members that read");
                assertEquals(0, gaps, "messages out of order");
                assertTrue(code.isEmpty() || code.getAsInt() == 4409, "closed with " + code);
                assertTrue(memory.heldAtTheEnd() < HEAP_BOUND, "the server's heap after GC grew by "
                        + (memory.heldAtTheEnd() >> 20) + " MiB while a member stalled");
            }
        } finally {
            clock.shutdownNow();
            members.forEach(Member::close);
        }
    }

    /** A member on a raw socket with a small receive buffer, which never reads after joining. */
    private static RawWebSocket stalledMember(Gateway gateway) throws IOException {
        RawWebSocket stalled = RawWebSocket.connect(gateway.baseUri(), Tokens.forUser(STALLED).sign(),
                STALLED_RECEIVE_BUFFER);
        stalled.sendText("{\"event\":\"join\",\"id\":1,\"data\":{\"room\":\"" + ROOM + "\"}}");
        stalled.readUntil("\"success\":true");
        return stalled;
    }

    /** The member resumes reading: what was queued for it drains, then its close frame or the end of the stream. */
    private static OptionalInt closeSeenOnResume(RawWebSocket stalled) throws IOException {
        return stalled.closeCodeOrEnd();
    }

    /** A reading member: checks that each publisher's messages arrive complete and in order. */
    private static final class Member implements WebSocket.Listener {
        private final String user;
        private final StringBuilder partial = new StringBuilder();
        private final int[] nextSeq = new int[PUBLISHERS];
        private final AtomicLong messages = new AtomicLong();
        private final AtomicInteger gaps = new AtomicInteger();
        private final CountDownLatch joined = new CountDownLatch(1);
        private final CountDownLatch stalledLeft = new CountDownLatch(1);
        private final Object arrivals = new Object();
        private WebSocket socket;

        private Member(String user) {
            this.user = user;
        }

        static Member join(Gateway gateway, String user) throws Exception {
            var member = new Member(user);
            member.socket = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(gateway.eventsUri(Tokens.forUser(user).sign()), member).get(10, TimeUnit.SECONDS);
            member.socket.sendText("{\"event\":\"join\",\"id\":1,\"data\":{\"room\":\"" + ROOM + "\"}}", true)
                    .get(10, TimeUnit.SECONDS);
            assertTrue(member.joined.await(10, TimeUnit.SECONDS), user + " joined");
            return member;
        }

        void post(int publisher, int seq) {
            socket.sendText("{\"event\":\"message\",\"data\":{\"room\":\"" + ROOM + "\",\"content\":\""
                    + publisher + "#" + seq + "#" + PAD + "\"}}", true).join();
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        private void received(String frame) {
            if (frame.startsWith("{\"event\":\"message\"")) {
                int start = frame.indexOf("\"content\":\"") + 11;
                int hash = frame.indexOf('#', start);
                int publisher = Integer.parseInt(frame, start, hash, 10);
                int seq = Integer.parseInt(frame, hash + 1, frame.indexOf('#', hash + 1), 10);
                if (seq != nextSeq[publisher]) {
                    gaps.incrementAndGet();
                }
                nextSeq[publisher] = seq + 1;
                messages.incrementAndGet();
                synchronized (arrivals) {
                    arrivals.notifyAll();
                }
            } else if (frame.startsWith("{\"event\":\"ack\",\"id\":1")) {
                joined.countDown();
            } else if (frame.startsWith("{\"event\":\"user:left\"") && frame.contains("\"" + STALLED + "\"")) {
                stalledLeft.countDown();
            }
        }

        /** Waits until this many messages have arrived; returns how many did. */
        long awaitMessages(long expected, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            synchronized (arrivals) {
                while (messages.get() < expected) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    TimeUnit.NANOSECONDS.timedWait(arrivals, left);
                }
            }
            return messages.get();
        }

        void close() {
            if (socket != null) {
                socket.abort();
            }
        }

        @Override
        public String toString() {
            return user;
        }
    }

    /**
     * The server's memory: its heap after a full collection (in this JVM for the embedded target, through {@code jcmd}
     * for a server process) when asked, since a collection disturbs the run; for a server process, its resident set
     * every 250 ms as well.
     */
    private static final class MemorySampler {
        private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

        private final OptionalLong pid;
        private final Peak heap = new Peak();
        private final Peak rss = new Peak();

        MemorySampler(Gateway gateway) {
            String port = String.valueOf(gateway.baseUri().getPort());
            this.pid = ProcessHandle.current().descendants()
                    .filter(process -> process.info().command().orElse("").endsWith("java"))
                    .filter(process -> process.info().arguments().stream().flatMap(Arrays::stream)
                            .anyMatch(argument -> argument.equals(port) || argument.endsWith("port=" + port)))
                    .mapToLong(ProcessHandle::pid).findFirst();
        }

        void start(ScheduledExecutorService clock) {
            heap.start(heapAfterGc());
            if (pid.isPresent()) {
                rss.start(rss());
                clock.scheduleAtFixedRate(() -> rss.add(rss()), 250, 250, TimeUnit.MILLISECONDS);
            }
        }

        void sampleNow() {
            heap.add(heapAfterGc());
            if (pid.isPresent()) {
                rss.add(rss());
            }
        }

        /** Live heap at the end over the start: what is still held for the stalled member, which has not read. */
        long heldAtTheEnd() {
            return heap.last.get() - heap.start.get();
        }

        String describe() {
            return "heap after GC " + heap + (pid.isPresent() ? ", RSS " + rss : " (test JVM, embedded)");
        }

        private long heapAfterGc() {
            if (pid.isEmpty()) {
                System.gc();
                return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            }
            jcmd("GC.run");
            Matcher used = HEAP_USED.matcher(jcmd("GC.heap_info"));
            if (!used.find()) {
                throw new IllegalStateException("no heap figure from jcmd " + pid.getAsLong());
            }
            return Long.parseLong(used.group(1)) << 10;
        }

        private String jcmd(String command) {
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            try {
                Process process = new ProcessBuilder(jcmd.toString(), String.valueOf(pid.getAsLong()), command)
                        .redirectErrorStream(true).start();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                    throw new IllegalStateException("jcmd " + command + " failed: " + output);
                }
                return output;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while running jcmd", e);
            }
        }

        private long rss() {
            try {
                return Files.readAllLines(Path.of("/proc", String.valueOf(pid.getAsLong()), "status")).stream()
                        .filter(line -> line.startsWith("VmRSS:"))
                        .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")) << 10)
                        .findFirst().orElseThrow();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A memory figure at the start, its peak and its latest value. */
    private static final class Peak {
        private final AtomicLong start = new AtomicLong();
        private final AtomicLong peak = new AtomicLong();
        private final AtomicLong last = new AtomicLong();

        void start(long bytes) {
            start.set(bytes);
            peak.set(bytes);
            last.set(bytes);
        }

        void add(long bytes) {
            last.set(bytes);
            peak.accumulateAndGet(bytes, Math::max);
        }

        long growth() {
            return peak.get() - start.get();
        }

        @Override
        public String toString() {
            return String.format("%.1f MiB at start, peak %.1f MiB (+%.1f MiB), %.1f MiB at the end (+%.1f MiB)",
                    mib(start), mib(peak), growth() / 1048576.0, mib(last), (last.get() - start.get()) / 1048576.0);
        }

        private static double mib(AtomicLong bytes) {
            return bytes.get() / 1048576.0;
        }
    }
}
