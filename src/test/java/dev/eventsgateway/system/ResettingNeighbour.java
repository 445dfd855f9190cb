package dev.eventsgateway.system;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Clients that keep opening connections to {@code /events} and resetting them (RST) at every point of an upgrade,
 * with and without a valid token, until closed.
 */
public final class ResettingNeighbour implements AutoCloseable {

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
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicLongArray resets = new AtomicLongArray(ResetPoint.values().length);
    private final ExecutorService threads;
    private final CompletableFuture<?>[] loops;

    private ResettingNeighbour(URI baseUri, int connectionsAtOnce) {
        this.baseUri = baseUri;
        this.threads = Executors.newFixedThreadPool(connectionsAtOnce);
        this.loops = new CompletableFuture<?>[connectionsAtOnce];
        for (int i = 0; i < connectionsAtOnce; i++) {
            int loop = i;
            loops[i] = CompletableFuture.runAsync(() -> resetUntilStopped(loop), threads);
        }
    }

    /** Starts this many neighbours, each resetting one connection after another. */
    public static ResettingNeighbour start(URI baseUri, int connectionsAtOnce) {
        return new ResettingNeighbour(baseUri, connectionsAtOnce);
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
            // Every other cycle without a token: a refused caller goes through the 4401 path instead of onOpen's.
            boolean withToken = round / points.length % 2 == 0;
            reset(point, withToken ? Tokens.forUser("neighbour-" + loop + "-" + round).sign() : null);
            resets.incrementAndGet(point.ordinal());
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
