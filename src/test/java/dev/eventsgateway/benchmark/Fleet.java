package dev.eventsgateway.benchmark;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Opens many peers with a bounded number of handshakes in flight, over a few shared HttpClients (each has one
 * selector thread), and closes them again.
 */
final class Fleet {

    private final List<HttpClient> clients = new ArrayList<>();
    private final Deliveries deliveries;
    private final int handshakes;

    Fleet(int httpClients, int handshakes, Deliveries deliveries) {
        for (int i = 0; i < httpClients; i++) {
            clients.add(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build());
        }
        this.handshakes = handshakes;
        this.deliveries = deliveries;
    }

    Deliveries deliveries() {
        return deliveries;
    }

    Peer open(URI uri, boolean counts, boolean awaitConnected, int index) {
        try {
            return Peer.open(clients.get(index % clients.size()), uri, deliveries, counts, awaitConnected)
                    .get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot connect to " + uri.getPath(), e);
        }
    }

    /** Opens {@code count} peers; the URI of each comes from its index. Fails when any of them fails. */
    List<Peer> openAll(int count, IntFunction<URI> uris, boolean counts, boolean awaitConnected) {
        var permits = new Semaphore(handshakes);
        var futures = new ArrayList<CompletableFuture<Peer>>(count);
        for (int i = 0; i < count; i++) {
            permits.acquireUninterruptibly();
            CompletableFuture<Peer> future = Peer.open(clients.get(i % clients.size()), uris.apply(i), deliveries, counts,
                    awaitConnected).orTimeout(120, TimeUnit.SECONDS);
            future.whenComplete((peer, failure) -> permits.release());
            futures.add(future);
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
        return futures.stream().map(CompletableFuture::join).toList();
    }

    /** Sends a request from each peer with a bounded number outstanding, and waits for every ack. */
    void requestAll(List<Peer> peers, IntFunction<String> frames) {
        var permits = new Semaphore(handshakes);
        var futures = new ArrayList<CompletableFuture<String>>(peers.size());
        for (int i = 0; i < peers.size(); i++) {
            permits.acquireUninterruptibly();
            CompletableFuture<String> ack = peers.get(i).request(frames.apply(i)).orTimeout(60, TimeUnit.SECONDS);
            ack.whenComplete((ignored, failure) -> permits.release());
            futures.add(ack);
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
    }

    /** Closes the peers, not counting their closes as failures, and waits a little for the closes to go out. */
    void closeAll(List<Peer> peers) {
        deliveries.closing(true);
        try {
            CompletableFuture.allOf(peers.stream().map(Peer::close).toArray(CompletableFuture[]::new))
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            peers.forEach(Peer::abort);
        }
        deliveries.closing(false);
    }
}
