package dev.eventsgateway.system;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A WebSocket client for the tests on the JDK's client (it can send any Origin, see pings and stop reading): it
 * collects frames and waits for them with timeouts.
 */
public final class TestClient implements AutoCloseable {

    /** One shared client: connections are cheap, HttpClient instances are not. */
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    public static final Duration WAIT = Duration.ofSeconds(10);
    /** Statuses the gateway never answers an upgrade with; see {@link #connect(URI, Map, Duration)}. */
    private static final java.util.Set<Integer> CONTAINER_GLITCHES =
            java.util.Set.of(200, 301, 302, 404, 426, 500, 503);

    /** Frames received and not yet taken by {@link #next}, in arrival order. */
    private final List<JsonObject> frames = new ArrayList<>();
    private final CompletableFuture<Close> closed = new CompletableFuture<>();
    private final BlockingQueue<Long> pings = new LinkedBlockingQueue<>();
    private final AtomicInteger nextId = new AtomicInteger(1);
    private final StringBuilder partial = new StringBuilder();
    private volatile boolean paused;
    private volatile WebSocket socket;

    /** How the server closed the connection. */
    public record Close(int code, String reason) {
    }

    private TestClient() {
    }

    public static TestClient connect(URI uri) {
        return connect(uri, Map.of(), WAIT);
    }

    public static TestClient connect(URI uri, Map<String, String> headers) {
        return connect(uri, headers, WAIT);
    }

    /**
     * Connects; on Payara only, retries twice when the upgrade is answered with a status the gateway never gives (it
     * answers 101, or 403 from its origin filter). Payara Micro recycles an upgraded request twice when the server
     * closes a WebSocket and the client answers the close at once (docs/payara-handshake-reset.md): the gateway's
     * 4401 and 1013 refusals do, and a later handshake on the recycled request falls through to the default servlet
     * (200, 301, 404), loses its headers (426), fails (500, 503) or is never answered (the connection ends or the
     * answer does not come). Everywhere else any of these fails the test.
     *
     * @throws HandshakeRefused when the server answers the upgrade with an HTTP status
     * @throws HandshakeFailed when the upgrade gets no answer
     */
    public static TestClient connect(URI uri, Map<String, String> headers, Duration timeout) {
        for (int attempt = 1; ; attempt++) {
            try {
                return connectOnce(uri, headers, timeout);
            } catch (HandshakeRefused refused) {
                if (!CONTAINER_GLITCHES.contains(refused.status()) || !retriesOnPayara(attempt)) {
                    throw refused;
                }
                System.out.println("Payara answered an upgrade with HTTP " + refused.status() + "; retrying");
            } catch (HandshakeFailed failed) {
                if (!retriesOnPayara(attempt)) {
                    throw failed;
                }
                System.out.println("Payara left an upgrade unanswered (" + failed.getMessage() + ": "
                        + failed.getCause() + "); retrying");
            }
        }
    }

    /**
     * Whether attempt {@code attempt} (from 1) of something Payara's close race can spoil may be repeated: on Payara
     * only, twice at most (docs/payara-handshake-reset.md).
     */
    public static boolean retriesOnPayara(int attempt) {
        return attempt < 3 && GatewayExtension.targetName().startsWith("payara");
    }

    /** One handshake, without the retries of {@link #connect(URI, Map, Duration)}. */
    static TestClient connectOnce(URI uri, Map<String, String> headers, Duration timeout) {
        var client = new TestClient();
        var builder = HTTP.newWebSocketBuilder().connectTimeout(timeout);
        headers.forEach(builder::header);
        try {
            client.socket = builder.buildAsync(uri, client.new Listener()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return client;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                throw new HandshakeRefused(refused.getResponse().statusCode());
            }
            throw new HandshakeFailed("cannot connect to " + uri.getPath(), e.getCause());
        } catch (TimeoutException e) {
            throw new HandshakeFailed("no handshake within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The upgrade got no answer: the connection ended or the answer did not come in time. */
    public static final class HandshakeFailed extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        HandshakeFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The upgrade was answered with an HTTP status instead of 101. */
    public static final class HandshakeRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;

        HandshakeRefused(int status) {
            super("handshake refused with HTTP " + status);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    public void send(String text) {
        socket.sendText(text, true).join();
    }

    public void send(JsonObject frame) {
        send(frame.toString());
    }

    public void sendBinary(byte[] data) {
        socket.sendBinary(ByteBuffer.wrap(data), true).join();
    }

    /** Sends {@code {"event", "id", "data"}} with a fresh integer id, and returns that id. */
    public int request(String event, JsonObject data) {
        int id = nextId.getAndIncrement();
        var frame = Json.createObjectBuilder().add("event", event).add("id", id);
        if (data != null) {
            frame.add("data", data);
        }
        send(frame.build());
        return id;
    }

    /** Sends a request and waits for its ack's data. */
    public JsonObject call(String event, JsonObject data) {
        int id = request(event, data);
        return next(frame -> "ack".equals(frame.getString("event", null)) && frame.containsKey("id")
                && frame.get("id").toString().equals(String.valueOf(id)), WAIT).getJsonObject("data");
    }

    public JsonObject join(String room) {
        return call("join", Json.createObjectBuilder().add("room", room).build());
    }

    public JsonObject leave(String room) {
        return call("leave", Json.createObjectBuilder().add("room", room).build());
    }

    public JsonObject say(String content, String room) {
        var data = Json.createObjectBuilder().add("content", content);
        if (room != null) {
            data.add("room", room);
        }
        return call("message", data.build());
    }

    /** The first frame with this event name. */
    public JsonObject next(String event, Duration timeout) {
        return next(frame -> event.equals(frame.getString("event", null)), timeout);
    }

    public JsonObject next(String event) {
        return next(event, WAIT);
    }

    /**
     * Takes the first frame, received or yet to come, that matches; other frames stay for later calls, so the order
     * in which a connection received its frames can still be checked.
     */
    public JsonObject next(Predicate<JsonObject> wanted, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (frames) {
            try {
                while (true) {
                    for (var iterator = frames.iterator(); iterator.hasNext(); ) {
                        JsonObject frame = iterator.next();
                        if (wanted.test(frame)) {
                            iterator.remove();
                            return frame;
                        }
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new AssertionError("no matching frame within " + timeout + "; unmatched: " + frames
                                + (closed.isDone() ? "; closed: " + closed.getNow(null) : ""));
                    }
                    TimeUnit.NANOSECONDS.timedWait(frames, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /**
     * Waits for the {@code connected} frame or the server's close, whichever comes first: empty when connected,
     * else how the server refused the connection.
     */
    public java.util.Optional<Close> connectedOrClosed(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (frames) {
            try {
                while (true) {
                    for (var iterator = frames.iterator(); iterator.hasNext(); ) {
                        if ("connected".equals(iterator.next().getString("event", null))) {
                            iterator.remove();
                            return java.util.Optional.empty();
                        }
                    }
                    if (closed.isDone()) {
                        return java.util.Optional.of(awaitClose(Duration.ZERO));
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new AssertionError("neither connected nor closed within " + timeout);
                    }
                    TimeUnit.NANOSECONDS.timedWait(frames, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /** Takes the first matching frame received so far, without waiting. */
    public java.util.Optional<JsonObject> poll(Predicate<JsonObject> wanted) {
        synchronized (frames) {
            for (var iterator = frames.iterator(); iterator.hasNext(); ) {
                JsonObject frame = iterator.next();
                if (wanted.test(frame)) {
                    iterator.remove();
                    return java.util.Optional.of(frame);
                }
            }
            return java.util.Optional.empty();
        }
    }

    /** The very next frame, whatever it is. */
    public JsonObject nextFrame(Duration timeout) {
        return next(frame -> true, timeout);
    }

    /** Drops the frames received so far. */
    public void clear() {
        synchronized (frames) {
            frames.clear();
        }
    }

    public Close awaitClose(Duration timeout) {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("not closed within " + timeout);
        } catch (ExecutionException e) {
            throw new AssertionError("connection failed instead of closing", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    public Close awaitClose() {
        return awaitClose(WAIT);
    }

    public CompletableFuture<Close> closed() {
        return closed;
    }

    /** Waits for the next WebSocket ping from the server; returns when it arrived (System.nanoTime). */
    public long nextPing(Duration timeout) {
        try {
            Long arrived = pings.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (arrived == null) {
                throw new AssertionError("no ping within " + timeout);
            }
            return arrived;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Stops reading from the socket: the server's frames back up in TCP buffers and pings go unanswered. */
    public void pause() {
        paused = true;
    }

    public void resume() {
        paused = false;
        socket.request(1);
    }

    /** Drops the TCP connection without a close handshake. */
    public void abort() {
        socket.abort();
    }

    @Override
    public void close() {
        WebSocket current = socket;
        if (current != null && !current.isOutputClosed()) {
            current.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(2, TimeUnit.SECONDS)
                    .exceptionally(failure -> null).join();
        }
        if (current != null) {
            // Do not wait for the server's close reply; the tests that care use awaitClose().
            current.abort();
        }
    }

    private final class Listener implements WebSocket.Listener {

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try (JsonReader reader = Json.createReader(new StringReader(partial.toString()))) {
                    JsonObject frame = reader.readObject();
                    synchronized (frames) {
                        frames.add(frame);
                        frames.notifyAll();
                    }
                }
                partial.setLength(0);
            }
            demand(webSocket);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
            pings.add(System.nanoTime());
            demand(webSocket);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(new Close(statusCode, reason));
            synchronized (frames) {
                frames.notifyAll();
            }
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }

        private void demand(WebSocket webSocket) {
            if (!paused) {
                webSocket.request(1);
            }
        }
    }
}
