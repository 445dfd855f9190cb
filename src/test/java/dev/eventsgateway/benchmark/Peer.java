package dev.eventsgateway.benchmark;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One benchmark connection on the JDK client. It looks only at the start of each frame: a {@code message} is a
 * delivery, whose latency comes from the publisher's {@code System.nanoTime} in its content ({@code "t=<nanos>;"}:
 * publisher and subscribers share this JVM, so the clocks agree); {@code connected} and {@code ack} complete futures.
 */
final class Peer {

    static final String STAMP = "\"t=";
    private static final String MESSAGE = "{\"event\":\"message\"";
    private static final String ACK = "{\"event\":\"ack\"";
    private static final String CONNECTED = "{\"event\":\"connected\"";

    private final Deliveries deliveries;
    private final boolean counts;
    private final CompletableFuture<Peer> connected = new CompletableFuture<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final AtomicReference<CompletableFuture<String>> ack = new AtomicReference<>();
    private final StringBuilder partial = new StringBuilder();
    private volatile WebSocket socket;
    private volatile Consumer<CharSequence> messageWatcher;
    private CompletableFuture<WebSocket> lastSend = CompletableFuture.completedFuture(null);

    private Peer(Deliveries deliveries, boolean counts) {
        this.deliveries = deliveries;
        this.counts = counts;
    }

    /**
     * Opens a connection; the future completes when it is usable: on {@code connected} when {@code awaitConnected},
     * else on the open handshake.
     */
    static CompletableFuture<Peer> open(HttpClient client, URI uri, Deliveries deliveries, boolean counts,
                                        boolean awaitConnected) {
        Peer peer = new Peer(deliveries, counts);
        return client.newWebSocketBuilder().buildAsync(uri, peer.new Listener()).thenCompose(socket -> {
            peer.socket = socket;
            if (!awaitConnected) {
                peer.connected.complete(peer);
            }
            return peer.connected;
        });
    }

    /** Sends a frame once the previous send completed; the JDK client allows one outstanding send per socket. */
    synchronized CompletableFuture<WebSocket> send(String frame) {
        lastSend = lastSend.thenCompose(previous -> socket.sendText(frame, true));
        return lastSend;
    }

    /** Whether this peer's last send has completed, so that a paced sender can skip a peer still busy. */
    synchronized boolean idle() {
        return lastSend.isDone();
    }

    /** Sends a frame that asks for an ack and returns the future of the ack frame; one such request at a time. */
    CompletableFuture<String> request(String frame) {
        var pending = new CompletableFuture<String>();
        ack.set(pending);
        send(frame);
        return pending;
    }

    /** From now on every {@code message} frame is also handed to this watcher, on the client's listener thread. */
    void watchMessages(Consumer<CharSequence> watcher) {
        messageWatcher = watcher;
    }

    CompletableFuture<Integer> closed() {
        return closed;
    }

    /** Sends a close and then drops the connection without waiting for the server's reply. */
    CompletableFuture<?> close() {
        WebSocket current = socket;
        if (current == null) {
            return CompletableFuture.completedFuture(null);
        }
        return current.sendClose(WebSocket.NORMAL_CLOSURE, "done").handle((ignored, failure) -> {
            current.abort();
            return null;
        });
    }

    void abort() {
        WebSocket current = socket;
        if (current != null) {
            current.abort();
        }
    }

    private void onFrame(CharSequence frame) {
        if (startsWith(frame, MESSAGE)) {
            if (counts) {
                deliveries.delivered(stamp(frame));
            }
            Consumer<CharSequence> watcher = messageWatcher;
            if (watcher != null) {
                watcher.accept(frame);
            }
        } else if (startsWith(frame, ACK)) {
            CompletableFuture<String> pending = ack.getAndSet(null);
            if (pending != null) {
                pending.complete(frame.toString());
            }
        } else if (startsWith(frame, CONNECTED)) {
            connected.complete(this);
        }
    }

    /** The publisher's nanoTime in the frame, or Long.MIN_VALUE when it carries none. */
    static long stamp(CharSequence frame) {
        int at = indexOf(frame, STAMP);
        if (at < 0) {
            return Long.MIN_VALUE;
        }
        long value = 0;
        boolean negative = false;
        int i = at + STAMP.length();
        if (i < frame.length() && frame.charAt(i) == '-') {
            negative = true;
            i++;
        }
        for (; i < frame.length(); i++) {
            char c = frame.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            value = value * 10 + (c - '0');
        }
        return negative ? -value : value;
    }

    private static boolean startsWith(CharSequence text, String prefix) {
        if (text.length() < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (text.charAt(i) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(CharSequence text, String needle) {
        int last = text.length() - needle.length();
        outer:
        for (int i = 0; i <= last; i++) {
            for (int j = 0; j < needle.length(); j++) {
                if (text.charAt(i + j) != needle.charAt(j)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private final class Listener implements WebSocket.Listener {

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(Long.MAX_VALUE);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            if (last && partial.length() == 0) {
                onFrame(data);
            } else {
                partial.append(data);
                if (last) {
                    onFrame(partial);
                    partial.setLength(0);
                }
            }
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            deliveries.closed(statusCode);
            closed.complete(statusCode);
            connected.completeExceptionally(new IllegalStateException("closed with " + statusCode + " " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            deliveries.closed(-1);
            closed.complete(-1);
            connected.completeExceptionally(error);
        }
    }
}
