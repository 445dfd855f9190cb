package dev.eventsgateway.webapp;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on the loopback address in front of the gateway whose connections a test can cut, as a network that
 * drops: pages loaded through it reach the gateway through it, WebSockets included, and the gateway sees the proxy's
 * {@code Host}, so those pages are of its own origin.
 */
final class CuttableProxy implements AutoCloseable {

    private static final int BUFFER_BYTES = 16 * 1024;

    private final ServerSocket listener;
    private final InetSocketAddress target;
    /** Both sockets of every connection passed on, until they close. */
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    /** Guards {@link #refusing} against connections being passed on while a cut closes the others. */
    private final Object lock = new Object();
    private boolean refusing;

    private CuttableProxy(ServerSocket listener, InetSocketAddress target) {
        this.listener = listener;
        this.target = target;
    }

    /** Listens on a free loopback port and passes every connection on to the host and port of this URI. */
    static CuttableProxy start(URI gateway) {
        try {
            var listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            var proxy = new CuttableProxy(listener, new InetSocketAddress(gateway.getHost(), gateway.getPort()));
            daemon("proxy-accept", proxy::acceptAll).start();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:port}, the gateway as reached through the proxy. */
    URI baseUri() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort());
    }

    /**
     * Closes every connection passed on so far, without a WebSocket close (the browser sees 1006), and refuses new
     * ones, until the returned handle is closed.
     */
    Cut cut() {
        List<Socket> cut;
        synchronized (lock) {
            refusing = true;
            cut = List.copyOf(open);
        }
        cut.forEach(CuttableProxy::close);
        return () -> {
            synchronized (lock) {
                refusing = false;
            }
        };
    }

    @Override
    public void close() {
        close(listener);
        List.copyOf(open).forEach(CuttableProxy::close);
    }

    private void acceptAll() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // the proxy was closed
            }
            passOn(client);
        }
    }

    private void passOn(Socket client) {
        synchronized (lock) {
            if (refusing) {
                close(client);
                return;
            }
            try {
                var server = new Socket(target.getAddress(), target.getPort());
                open.add(client);
                open.add(server);
                daemon("proxy-up", () -> pump(client, server)).start();
                daemon("proxy-down", () -> pump(server, client)).start();
            } catch (IOException e) {
                // The gateway is not there: the client sees its connection closed, as without a proxy.
                close(client);
            }
        }
    }

    /** Copies one direction until either side ends, then closes both. */
    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[BUFFER_BYTES];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // A cut, or the other direction closed both sockets: the connection is over either way.
        } finally {
            close(from);
            close(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static Thread daemon(String name, Runnable task) {
        var thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void close(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // closing a socket that failed already changes nothing
        }
    }

    /** An outage of the proxy: closing it lets connections through again. */
    @FunctionalInterface
    interface Cut extends AutoCloseable {
        @Override
        void close();
    }
}
