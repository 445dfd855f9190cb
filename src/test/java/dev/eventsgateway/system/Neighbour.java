package dev.eventsgateway.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Another client of the gateway, busy next to the tested ones until closed: it either keeps resetting (RST) its
 * connections at every point of an upgrade, or keeps getting its sessions refused with 4401 and closing politely.
 */
public final class Neighbour implements AutoCloseable {

    /** Where in its upgrade a neighbour resets its connection. */
    public enum ResetPoint {
        /** After a random part of the request's header. */
        MID_REQUEST,
        /** As soon as the whole request is sent. */
        AFTER_REQUEST,
        /** After the first byte of the server's answer. */
        AFTER_FIRST_ANSWER_BYTE,
        /** After the server's whole answer (the 101), before any frame. */
        AFTER_UPGRADE
    }

    private final URI baseUri;
    private final boolean refused;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicLongArray resets = new AtomicLongArray(ResetPoint.values().length);
    private final Map<String, Long> refusals = new ConcurrentSkipListMap<>();
    private final ExecutorService threads;
    private final CompletableFuture<?>[] loops;

    private Neighbour(URI baseUri, int connectionsAtOnce, boolean refused) {
        this.baseUri = baseUri;
        this.refused = refused;
        this.threads = Executors.newFixedThreadPool(connectionsAtOnce);
        this.loops = new CompletableFuture<?>[connectionsAtOnce];
        for (int i = 0; i < connectionsAtOnce; i++) {
            int loop = i;
            loops[i] = CompletableFuture.runAsync(refused ? this::refusedUntilStopped : () -> resetUntilStopped(loop),
                    threads);
        }
    }

    /** Starts this many connections at once, each resetting one upgrade after another. */
    public static Neighbour resetting(URI baseUri, int connectionsAtOnce) {
        return new Neighbour(baseUri, connectionsAtOnce, false);
    }

    /**
     * Starts this many connections at once, each upgrading with a bad token, waiting for the server's 4401 and
     * answering it, one after another.
     */
    public static Neighbour refused(URI baseUri, int connectionsAtOnce) {
        return new Neighbour(baseUri, connectionsAtOnce, true);
    }

    /** What the neighbour did so far. */
    public String activity() {
        return refused ? "refused sessions " + refusals : "resets " + resets();
    }

    /** How many connections were reset at each point so far. */
    public Map<ResetPoint, Long> resets() {
        Map<ResetPoint, Long> counts = new EnumMap<>(ResetPoint.class);
        for (ResetPoint point : ResetPoint.values()) {
            counts.put(point, resets.get(point.ordinal()));
        }
        return counts;
    }

    private void resetUntilStopped(int loop) {
        ResetPoint[] points = ResetPoint.values();
        for (long round = 0; !stopped.get(); round++) {
            ResetPoint point = points[(int) (round % points.length)];
            // Every other cycle without a token: the server then closes the session itself (4401) instead of greeting.
            boolean withToken = round / points.length % 2 == 0;
            reset(point, withToken ? Tokens.forUser("neighbour-" + loop + "-" + round).sign() : null);
            resets.incrementAndGet(point.ordinal());
        }
    }

    private void refusedUntilStopped() {
        while (!stopped.get()) {
            String outcome;
            try (RawWebSocket client = RawWebSocket.upgrade(baseUri, "not-a-token")) {
                outcome = client.closeCodeOrEnd().stream().mapToObj(code -> "closed " + code).findFirst()
                        .orElse("ended without a close");
                client.sendClose();
            } catch (IOException | UncheckedIOException e) {
                outcome = String.valueOf(e.getMessage());
            }
            refusals.merge(outcome, 1L, Long::sum);
        }
    }

    private void reset(ResetPoint point, String token) {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress(baseUri.getHost(), baseUri.getPort()), 5_000);
            socket.setSoTimeout(5_000);
            byte[] request = RawWebSocket.upgradeRequest(baseUri, token);
            int length = point == ResetPoint.MID_REQUEST
                    ? ThreadLocalRandom.current().nextInt(1, request.length) : request.length;
            socket.getOutputStream().write(request, 0, length);
            InputStream in = socket.getInputStream();
            if (point == ResetPoint.AFTER_FIRST_ANSWER_BYTE) {
                in.read();
            } else if (point == ResetPoint.AFTER_UPGRADE) {
                readAnswer(in);
            }
            socket.setSoLinger(true, 0);
        } catch (IOException e) {
            // A neighbour only has to reset; what the server did to it first does not matter.
        }
    }

    private static void readAnswer(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            matched = b == end[matched] ? matched + 1 : b == '\r' ? 1 : 0;
        }
    }

    /** Stops resetting and waits for the connections under way. */
    @Override
    public void close() {
        stopped.set(true);
        try {
            CompletableFuture.allOf(loops).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("neighbours did not stop", e);
        } finally {
            threads.shutdownNow();
        }
    }
}
