package dev.eventsgateway.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client on a bare TCP socket, for the faults a polite client cannot produce: a frame cut off in the
 * middle, or a TCP reset instead of a close handshake.
 */
public final class RawWebSocket implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
    }

    /** Upgrades {@code /events} with the token in the query string and waits for the {@code connected} frame. */
    public static RawWebSocket connect(URI baseUri, String token) {
        return connect(baseUri, token, 0);
    }

    /**
     * As {@link #connect(URI, String)}, with a receive buffer of this many bytes (0: the system default); a small one
     * makes a client that stops reading back up the server quickly.
     */
    public static RawWebSocket connect(URI baseUri, String token, int receiveBuffer) {
        try {
            RawWebSocket client = upgrade(baseUri, token, receiveBuffer);
            client.readUntil("\"connected\"");
            return client;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Upgrades {@code /events} with the token in the query string (none when null) and returns once the 101 has been
     * read, before any frame.
     *
     * @throws IOException also when the upgrade is answered with another status, which the message then names
     */
    public static RawWebSocket upgrade(URI baseUri, String token) throws IOException {
        return upgrade(baseUri, token, 0);
    }

    private static RawWebSocket upgrade(URI baseUri, String token, int receiveBuffer) throws IOException {
        var socket = new Socket();
        try {
            if (receiveBuffer > 0) {
                socket.setReceiveBufferSize(receiveBuffer);
            }
            socket.connect(new java.net.InetSocketAddress(baseUri.getHost(), baseUri.getPort()), 10_000);
            socket.setSoTimeout(30_000);
            var client = new RawWebSocket(socket);
            socket.getOutputStream().write(upgradeRequest(baseUri, token));
            client.readHeaders();
            return client;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** The bytes of an upgrade of {@code /events} with the token in the query string (none when null). */
    public static byte[] upgradeRequest(URI baseUri, String token) {
        String query = token == null ? "" : "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        return ("GET /events" + query + " HTTP/1.1\r\n"
                + "Host: " + baseUri.getAuthority() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** The next text frame; pings are skipped, and a close frame is an IOException naming its code. */
    public String nextText() throws IOException {
        while (true) {
            Frame frame = nextFrame();
            if (frame.opcode() == 0x8) {
                throw new IOException("closed with " + frame.closeCode());
            }
            if (frame.opcode() == 0x1) {
                return frame.text();
            }
        }
    }

    /** Reads frames until a text frame contains the text; pings and other frames in between are skipped. */
    public void readUntil(String text) throws IOException {
        while (true) {
            Frame frame = nextFrame();
            if (frame.opcode() == 0x8) {
                throw new IOException("closed before '" + text + "' arrived: " + frame.closeCode());
            }
            if (frame.opcode() == 0x1 && frame.text().contains(text)) {
                return;
            }
        }
    }

    /** Reads (and discards) everything up to the server's close frame; returns its status code. */
    public int awaitCloseCode() throws IOException {
        while (true) {
            Frame frame = nextFrame();
            if (frame.opcode() == 0x8) {
                return frame.closeCode();
            }
        }
    }

    /** Like {@link #awaitCloseCode()}, but empty when the server ends the TCP connection without a close frame. */
    public java.util.OptionalInt closeCodeOrEnd() throws IOException {
        try {
            return java.util.OptionalInt.of(awaitCloseCode());
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("connection ended")) {
                return java.util.OptionalInt.empty();
            }
            throw e;
        }
    }

    /** One frame from the server (unmasked); continuation frames are returned as they come. */
    private record Frame(int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        int closeCode() {
            return payload.length >= 2 ? (payload[0] & 0xFF) << 8 | payload[1] & 0xFF : 1005;
        }
    }

    private Frame nextFrame() throws IOException {
        int first = readByte();
        int second = readByte();
        long length = second & 0x7F;
        if (length == 126) {
            length = (long) readByte() << 8 | readByte();
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = length << 8 | readByte();
            }
        }
        byte[] payload = in.readNBytes((int) length);
        if (payload.length < length) {
            throw new IOException("connection ended inside a frame");
        }
        return new Frame(first & 0x0F, payload);
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new IOException("connection ended");
        }
        return b;
    }

    private void readHeaders() throws IOException {
        StringBuilder headers = new StringBuilder();
        while (headers.indexOf("\r\n\r\n") < 0) {
            headers.append((char) readByte());
        }
        if (!headers.toString().startsWith("HTTP/1.1 101")) {
            throw new IOException("upgrade refused: " + headers.substring(0, headers.indexOf("\r\n")));
        }
    }

    /** One complete, masked text frame. */
    public void sendText(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        write(frame(payload, payload.length));
    }

    /** The header of a text frame announcing {@code payload + missing} bytes, and only {@code payload} of them. */
    public void sendTruncated(String text, int missing) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        write(frame(payload, payload.length + missing));
    }

    /** A masked close frame with status 1000, as a polite client ends a connection. */
    public void sendClose() {
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        write(new byte[] {(byte) 0x88, (byte) 0x82, mask[0], mask[1], mask[2], mask[3],
                (byte) (0x03 ^ mask[0]), (byte) (0xE8 ^ mask[1])});
    }

    /** Drops the connection with a TCP reset (RST), no close frame, no FIN. */
    public void reset() {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(byte[] bytes) {
        try {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] frame(byte[] payload, int declaredLength) {
        var out = new java.io.ByteArrayOutputStream();
        out.write(0x81);
        if (declaredLength < 126) {
            out.write(0x80 | declaredLength);
        } else if (declaredLength <= 0xFFFF) {
            out.write(0x80 | 126);
            out.write(declaredLength >>> 8);
            out.write(declaredLength & 0xFF);
        } else {
            throw new IllegalArgumentException("frames up to 64 KiB only");
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        out.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            out.write(payload[i] ^ mask[i % 4]);
        }
        return out.toByteArray();
    }
}
