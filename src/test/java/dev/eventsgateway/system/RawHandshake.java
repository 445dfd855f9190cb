package dev.eventsgateway.system;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Sends a WebSocket upgrade request by hand and reads only the status line, so that a refusal is seen even where the
 * server keeps the connection open after it (embedded Tyrus answers 403 without a length or a close).
 */
public final class RawHandshake {

    private RawHandshake() {
    }

    /** The HTTP status of an upgrade of {@code /events} with this Origin header. */
    public static int status(URI baseUri, String origin, String token) {
        try (var socket = new Socket(baseUri.getHost(), baseUri.getPort())) {
            socket.setSoTimeout(10_000);
            String request = "GET /events" + (token == null ? "" : "?token=" + token) + " HTTP/1.1\r\n"
                    + "Host: " + baseUri.getAuthority() + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + (origin == null ? "" : "Origin: " + origin + "\r\n") + "\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            var reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            String statusLine = reader.readLine();
            if (statusLine == null) {
                throw new IllegalStateException("no HTTP answer to the upgrade");
            }
            return Integer.parseInt(statusLine.split(" ")[1]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
