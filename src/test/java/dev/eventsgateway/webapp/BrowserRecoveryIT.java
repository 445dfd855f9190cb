package dev.eventsgateway.webapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventsgateway.system.TestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * A browser whose network drops mid-chat (a {@link CuttableProxy} between it and the gateway) reconnects, joins its
 * room again with {@code since} and recovers what was posted meanwhile: every message exactly once, in order; its
 * {@code history} request reads the latest of them back.
 */
@ExtendWith(BrowserGatewayExtension.class)
class BrowserRecoveryIT {

    /** Messages posted while the browser is cut off, at least. */
    private static final int MISSED = 5;
    /** Messages posted before the cut and after the recovery, at least. */
    private static final int AROUND = 5;
    /** Between two posts: 10 a second, well below the rate limit of 20. */
    private static final Duration PACE = Duration.ofMillis(100);
    /** The cut and the client's backoff of at most 1 s, on a loaded machine. */
    private static final Duration RECOVERY = Duration.ofSeconds(30);

    /**
     * Connects the client in the page to the page's origin (the proxy) and joins the room; logs every message with its
     * position, every connect and disconnect (with the room's position then) and every recovery in
     * {@code window.recoveryRun.log}. Ends with the join's ack.
     */
    private static final String CONNECT_AND_JOIN = """
            const [token, room, done] = arguments;
            import('/events-client.js').then(({ connect }) => {
                const log = [];
                window.recoveryRun = { log };
                const socket = connect('/events', { token, reconnectionDelay: 200, reconnectionDelayMax: 1000 });
                window.recoveryRun.socket = socket;
                socket.on('message', (message, position) => log.push({ kind: 'message', content: message.content,
                    epoch: position?.epoch ?? null, offset: position?.offset ?? null }));
                socket.on('connect', () => log.push({ kind: 'connect' }));
                socket.on('disconnect', (reason) => log.push({ kind: 'disconnect', reason,
                    position: socket.position(room) }));
                socket.on('recovery', (recovery) => log.push({ kind: 'recovery', ...recovery }));
                socket.once('connect', () => socket.join(room).then(
                    (ack) => done({ epoch: ack.epoch ?? null, offset: ack.offset ?? null }),
                    (err) => done({ failure: `${err.code} ${err.message}` })));
            }, (failure) => done({ failure: String(failure) }));
            """;

    /** Asks for the room's latest publications through the client of {@link #CONNECT_AND_JOIN}. */
    private static final String HISTORY = """
            const [room, limit, done] = arguments;
            window.recoveryRun.socket.history(room, limit).then(
                (ack) => done({ offset: ack.offset, contents: ack.publications.map((p) => p.data.content),
                    offsets: ack.publications.map((p) => p.offset) }),
                (err) => done({ failure: `${err.code} ${err.message}` }));
            """;

    @Test
    void clientRecoversEveryMessagePostedWhileItsNetworkWasDownExactlyOnceInOrder(BrowserGateway gateway)
            throws Exception {
        String room = "recovery-room";
        try (CuttableProxy proxy = CuttableProxy.start(gateway.baseUri());
                Browser browser = Browser.start();
                TestClient bob = gateway.connected("bob")) {
            assertTrue(bob.join(room).getBoolean("success"));
            browser.open(proxy.baseUri());
            Map<String, Object> joined = browser.run(CONNECT_AND_JOIN, gateway.token("carol"), room);
            assertNotNull(joined.get("epoch"), joined.toString());
            long joinOffset = (Long) joined.get("offset");

            try (Poster poster = Poster.start(bob, room)) {
                awaitLog(browser, log -> messages(log).size() >= AROUND, Browser.PATIENCE);

                int postedBeforeCut;
                try (CuttableProxy.Cut cut = proxy.cut()) {
                    awaitLog(browser, log -> !kind(log, "disconnect").isEmpty(), Browser.PATIENCE);
                    postedBeforeCut = poster.posted();
                    poster.awaitPosted(postedBeforeCut + MISSED, RECOVERY);
                }

                awaitLog(browser, log -> !kind(log, "recovery").isEmpty(), RECOVERY);
                poster.awaitPosted(poster.posted() + AROUND, RECOVERY);
                int posted = poster.stop();
                List<String> expected = IntStream.rangeClosed(1, posted).mapToObj(Poster::content).toList();
                List<Map<String, Object>> log = awaitLog(browser, entries -> messages(entries).size() >= posted,
                        Browser.PATIENCE);

                List<Map<String, Object>> messages = messages(log);
                assertEquals(expected, messages.stream().map(message -> message.get("content")).toList(),
                        "every message exactly once, in order");
                for (int i = 0; i < messages.size(); i++) {
                    assertEquals(joined.get("epoch"), messages.get(i).get("epoch"), messages.get(i).toString());
                    assertEquals(joinOffset + 1 + i, messages.get(i).get("offset"), messages.get(i).toString());
                }
                List<Map<String, Object>> disconnects = kind(log, "disconnect");
                List<Map<String, Object>> recoveries = kind(log, "recovery");
                assertEquals(1, disconnects.size(), log.toString());
                assertEquals(1, recoveries.size(), log.toString());
                Map<String, Object> recovery = recoveries.get(0);
                @SuppressWarnings("unchecked")
                var since = (Map<String, Object>) disconnects.get(0).get("position");
                assertEquals(true, recovery.get("recovered"), recovery.toString());
                assertEquals(joined.get("epoch"), recovery.get("epoch"), recovery.toString());
                long count = (Long) recovery.get("count");
                assertEquals((Long) recovery.get("offset") - (Long) since.get("offset"), count,
                        "recovered are the publications after the position at the cut up to the ack: " + log);
                assertTrue(count >= MISSED, log.toString());

                Map<String, Object> history = browser.run(HISTORY, room, 3);
                long last = joinOffset + posted;
                assertEquals(Map.of("offset", last, "contents", expected.subList(posted - 3, posted),
                        "offsets", List.of(last - 2, last - 1, last)), history);
            }
        }
    }

    @Test
    void consoleTellsHowManyMessagesItRecoveredAfterItsNetworkCameBack(BrowserGateway gateway) {
        String room = "recovery-console";
        try (CuttableProxy proxy = CuttableProxy.start(gateway.baseUri());
                Browser browser = Browser.start();
                TestClient bob = gateway.connected("bob")) {
            assertTrue(bob.join(room).getBoolean("success"));
            ConsolePage carol = ConsolePage.openJoined(browser, BrowserGateway.console(proxy.baseUri(), "carol", room),
                    room);
            bob.say("before 1", room);
            bob.say("before 2", room);
            carol.awaitMessage("bob", room, "before 2");

            try (CuttableProxy.Cut cut = proxy.cut()) {
                carol.awaitState("reconnecting", Browser.PATIENCE);
                for (String content : List.of("missed 1", "missed 2", "missed 3")) {
                    assertTrue(bob.say(content, room).getBoolean("success"), content);
                }
            }

            carol.awaitState("connected", RECOVERY);
            carol.awaitSystem("recovered", "#" + room + ": recovered 3 messages");
            bob.say("after", room);
            carol.awaitMessage("bob", room, "after");
            assertEquals(List.of("before 1", "before 2", "missed 1", "missed 2", "missed 3", "after"),
                    carol.entries("message"));
        }
    }

    /** Waits until the page's log satisfies the condition, and returns it. */
    private static List<Map<String, Object>> awaitLog(Browser browser,
            Predicate<List<Map<String, Object>>> condition, Duration within) {
        return browser.await(within, driver -> {
            List<Map<String, Object>> log = log(driver);
            return condition.test(log) ? log : null;
        });
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> log(WebDriver driver) {
        return (List<Map<String, Object>>) ((JavascriptExecutor) driver).executeScript("return window.recoveryRun.log");
    }

    private static List<Map<String, Object>> messages(List<Map<String, Object>> log) {
        return kind(log, "message");
    }

    private static List<Map<String, Object>> kind(List<Map<String, Object>> log, String kind) {
        return log.stream().filter(entry -> kind.equals(entry.get("kind"))).toList();
    }

    /** Bob posting m-0001, m-0002, ... to a room at a steady pace, each after the ack of the one before. */
    private static final class Poster implements AutoCloseable {

        private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        private final TestClient client;
        private final String room;
        private final List<String> failures = new ArrayList<>();
        private int posted;

        private Poster(TestClient client, String room) {
            this.client = client;
            this.room = room;
        }

        static Poster start(TestClient client, String room) {
            var poster = new Poster(client, room);
            poster.scheduler.scheduleWithFixedDelay(poster::postNext, 0, PACE.toMillis(), TimeUnit.MILLISECONDS);
            return poster;
        }

        static String content(int number) {
            return "m-%04d".formatted(number);
        }

        synchronized int posted() {
            return posted;
        }

        /** Waits until this many messages were posted and acknowledged. */
        synchronized void awaitPosted(int count, Duration within) throws InterruptedException, TimeoutException {
            long deadline = System.nanoTime() + within.toNanos();
            while (posted < count && failures.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException(posted + " of " + count + " messages posted within " + within);
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            assertTrue(failures.isEmpty(), failures::toString);
        }

        /** Stops posting and returns how many messages were posted, all acknowledged. */
        int stop() throws InterruptedException {
            scheduler.shutdown();
            assertTrue(scheduler.awaitTermination(10, TimeUnit.SECONDS), "the poster stopped");
            synchronized (this) {
                assertTrue(failures.isEmpty(), failures::toString);
                return posted;
            }
        }

        private void postNext() {
            int number = posted() + 1;
            try {
                var ack = client.say(content(number), room);
                synchronized (this) {
                    if (ack.getBoolean("success")) {
                        posted = number;
                    } else {
                        failures.add(content(number) + ": " + ack);
                        scheduler.shutdown();
                    }
                    notifyAll();
                }
            } catch (RuntimeException e) {
                synchronized (this) {
                    failures.add(content(number) + ": " + e);
                    scheduler.shutdown();
                    notifyAll();
                }
            }
        }

        @Override
        public void close() {
            scheduler.shutdownNow();
        }
    }
}
