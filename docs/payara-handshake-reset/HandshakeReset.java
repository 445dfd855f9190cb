import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Innocent WebSocket clients upgrade an echo endpoint and check its echo while "neighbours" either keep resetting
 * (RST) their own connections at several points of their upgrade ({@code reset}) or keep opening sessions that the
 * server closes right after opening them ({@code closed:/path}, answering the close at once, or
 * {@code closed-quietly:/path}, leaving the server to end the connection); prints how many innocent handshakes were
 * spoiled.
 *
 * <pre>java HandshakeReset.java 127.0.0.1:8080 /echo/ws 10000 [innocent threads, 4] [neighbour threads, 2]
 *     [neighbours: reset | closed:/echo/closing | closed-quietly:/echo/closing, reset]</pre>
 */
public class HandshakeReset {

    /** Where in its upgrade a neighbour resets its connection. */
    enum ResetPoint { MID_REQUEST, AFTER_REQUEST, AFTER_STATUS_BYTE, AFTER_101 }

    public static void main(String[] args) throws Exception {
        String[] hostPort = args[0].split(":");
        var address = new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1]));
        String path = args[1];
        int handshakes = Integer.parseInt(args[2]);
        int innocentThreads = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        int neighbourThreads = args.length > 4 ? Integer.parseInt(args[4]) : 2;
        String neighbours = args.length > 5 ? args[5] : "reset";

        var spoiled = new ConcurrentHashMap<String, LongAdder>();
        var resets = new ConcurrentHashMap<ResetPoint, LongAdder>();
        var closes = new LongAdder();
        var closesSpoiled = new ConcurrentHashMap<String, LongAdder>();
        var next = new AtomicInteger();
        var done = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(innocentThreads + neighbourThreads);
        long started = System.nanoTime();
        for (int i = 0; i < neighbourThreads; i++) {
            pool.submit(() -> {
                for (int n = 0; !done.get(); n++) {
                    if (neighbours.startsWith("closed:") || neighbours.startsWith("closed-quietly:")) {
                        String failure = closedByServer(address, neighbours.substring(neighbours.indexOf(':') + 1),
                                neighbours.startsWith("closed:"));
                        closes.increment();
                        if (failure != null) {
                            closesSpoiled.computeIfAbsent(failure, f -> new LongAdder()).increment();
                        }
                        continue;
                    }
                    ResetPoint point = ResetPoint.values()[n % ResetPoint.values().length];
                    neighbour(address, path, point);
                    resets.computeIfAbsent(point, p -> new LongAdder()).increment();
                }
                return null;
            });
        }
        Future<?>[] innocents = new Future<?>[innocentThreads];
        for (int i = 0; i < innocentThreads; i++) {
            innocents[i] = pool.submit(() -> {
                for (int n = next.getAndIncrement(); n < handshakes; n = next.getAndIncrement()) {
                    String failure = innocent(address, path, "innocent-" + n);
                    if (failure != null) {
                        spoiled.computeIfAbsent(failure, f -> new LongAdder()).increment();
                    }
                }
                return null;
            });
        }
        for (Future<?> innocent : innocents) {
            innocent.get();
        }
        done.set(true);
        pool.shutdown();
        pool.awaitTermination(30, TimeUnit.SECONDS);

        long total = spoiled.values().stream().mapToLong(LongAdder::sum).sum();
        System.out.printf("%d innocent handshakes in %.1f s, %d spoiled (%.1f per 10,000)%n", handshakes,
                (System.nanoTime() - started) / 1e9, total, total * 10_000.0 / handshakes);
        Map<String, Long> byKind = new TreeMap<>();
        spoiled.forEach((kind, count) -> byKind.put(kind, count.sum()));
        System.out.println("spoiled by kind: " + byKind);
        Map<ResetPoint, Long> byPoint = new TreeMap<>();
        resets.forEach((point, count) -> byPoint.put(point, count.sum()));
        System.out.println("neighbour resets: " + byPoint);
        Map<String, Long> closesByKind = new TreeMap<>();
        closesSpoiled.forEach((kind, count) -> closesByKind.put(kind, count.sum()));
        System.out.println("neighbour sessions to be closed by the server: " + closes + ", not closed with 4401: "
                + closesByKind);
    }

    /** Opens a connection, goes as far as the reset point in an upgrade of the path, and resets it. */
    static void neighbour(InetSocketAddress address, String path, ResetPoint point) {
        try (var socket = new Socket()) {
            socket.connect(address, 5_000);
            socket.setSoTimeout(5_000);
            byte[] request = upgradeRequest(address, path);
            OutputStream out = socket.getOutputStream();
            if (point == ResetPoint.MID_REQUEST) {
                out.write(request, 0, ThreadLocalRandom.current().nextInt(1, request.length));
            } else {
                out.write(request);
            }
            out.flush();
            InputStream in = socket.getInputStream();
            if (point == ResetPoint.AFTER_STATUS_BYTE) {
                in.read();
            } else if (point == ResetPoint.AFTER_101) {
                readHeaders(in);
            }
            socket.setSoLinger(true, 0);
        } catch (IOException e) {
            // A neighbour only has to reset; whatever the server did to it first does not matter.
        }
    }

    /**
     * Upgrades the path and waits for the server to close the session; then either answers the close and closes the
     * socket at once, or (quietly) waits for the server to end the connection. Null when the server closed with 4401,
     * else what happened instead.
     */
    static String closedByServer(InetSocketAddress address, String path, boolean answer) {
        try (var socket = new Socket()) {
            socket.connect(address, 5_000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(upgradeRequest(address, path));
            InputStream in = socket.getInputStream();
            String headers = readHeaders(in);
            if (!headers.startsWith("HTTP/1.1 101")) {
                return "status " + headers.substring(9, Math.min(12, headers.length()));
            }
            byte[] close = readFrame(in, 0x8);
            if (answer) {
                socket.getOutputStream().write(maskedFrame(0x8, new byte[] {0x11, 0x31}));
            } else {
                in.transferTo(OutputStream.nullOutputStream());
            }
            return close.length >= 2 && ((close[0] & 0xFF) << 8 | close[1] & 0xFF) == 4401 ? null : "other close";
        } catch (SocketTimeoutException e) {
            return "timeout";
        } catch (IOException e) {
            return "connection ended";
        }
    }

    /** One upgrade and one echo; null when both were right, else what went wrong. */
    static String innocent(InetSocketAddress address, String path, String text) {
        try (var socket = new Socket()) {
            socket.connect(address, 5_000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(upgradeRequest(address, path));
            InputStream in = socket.getInputStream();
            String headers = readHeaders(in);
            if (!headers.startsWith("HTTP/1.1 101")) {
                return "status " + headers.substring(9, Math.min(12, headers.length()));
            }
            socket.getOutputStream().write(maskedFrame(0x1, text.getBytes(StandardCharsets.UTF_8)));
            byte[] echo = readFrame(in, 0x1);
            if (!text.equals(new String(echo, StandardCharsets.UTF_8))) {
                return "wrong frame";
            }
            socket.getOutputStream().write(maskedFrame(0x8, new byte[] {0x03, (byte) 0xE8}));
            readFrame(in, 0x8);
            return null;
        } catch (SocketTimeoutException e) {
            return "timeout";
        } catch (IOException e) {
            return "connection ended";
        }
    }

    static byte[] upgradeRequest(InetSocketAddress address, String path) {
        return ("GET " + path + " HTTP/1.1\r\nHost: " + address.getHostString() + ":" + address.getPort() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    static String readHeaders(InputStream in) throws IOException {
        var headers = new StringBuilder();
        while (headers.indexOf("\r\n\r\n") < 0) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection ended");
            }
            headers.append((char) b);
        }
        return headers.toString();
    }

    /** The payload of the next frame from the server, which must have this opcode; pings are skipped. */
    static byte[] readFrame(InputStream in, int opcode) throws IOException {
        while (true) {
            int first = in.read();
            int second = in.read();
            if (first < 0 || second < 0) {
                throw new IOException("connection ended");
            }
            long length = second & 0x7F;
            if (length == 126) {
                length = in.read() << 8 | in.read();
            } else if (length == 127) {
                throw new IOException("frame too long");
            }
            byte[] payload = in.readNBytes((int) length);
            if (payload.length < length) {
                throw new IOException("connection ended");
            }
            if ((first & 0x0F) == opcode) {
                return payload;
            }
            if ((first & 0x0F) != 0x9) {
                throw new IOException("unexpected opcode " + (first & 0x0F));
            }
        }
    }

    static byte[] maskedFrame(int opcode, byte[] payload) {
        var frame = new ByteArrayOutputStream();
        frame.write(0x80 | opcode);
        frame.write(0x80 | payload.length);
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        return frame.toByteArray();
    }
}
