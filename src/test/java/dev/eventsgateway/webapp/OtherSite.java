package dev.eventsgateway.webapp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.ZipFile;

/**
 * Another web site on 127.0.0.1 that ships its own copy of events-client.js, as a third-party page bundling the
 * client would: reached as {@code http://127.0.0.1:port} and as {@code http://localhost:port}, two different origins.
 */
final class OtherSite implements AutoCloseable {

    private static final byte[] PAGE = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Another site</title></head>
            <body><p>A page of another site.</p></body></html>
            """.getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;

    private OtherSite(HttpServer server) {
        this.server = server;
    }

    static OtherSite start() {
        byte[] client = clientFromWar();
        try {
            var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                switch (exchange.getRequestURI().getPath()) {
                    case "/" -> answer(exchange, "text/html; charset=utf-8", PAGE);
                    case "/events-client.js" -> answer(exchange, "text/javascript; charset=utf-8", client);
                    default -> answer(exchange, null, null);
                }
            });
            server.start();
            return new OtherSite(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The page as {@code http://<host>:<port>/}, for a host name of the loopback address. */
    URI page(String host) {
        return URI.create("http://" + host + ":" + server.getAddress().getPort() + "/");
    }

    /** The origin a page from this host name sends. */
    String origin(String host) {
        return "http://" + host + ":" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static void answer(HttpExchange exchange, String type, byte[] body) throws IOException {
        try (exchange) {
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    /** The client exactly as the WAR under test ships it. */
    private static byte[] clientFromWar() {
        Path war = Path.of(System.getProperty("events.war", "target/events-gateway.war"));
        try (var zip = new ZipFile(war.toFile())) {
            var entry = zip.getEntry("events-client.js");
            if (entry == null) {
                throw new IllegalStateException(war + " has no events-client.js");
            }
            try (var in = zip.getInputStream(entry)) {
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read events-client.js from " + war, e);
        }
    }
}
