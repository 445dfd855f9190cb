package dev.eventsgateway.connections.control;

import dev.eventsgateway.protocol.entity.Closure;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/** A {@link Transport} over a container's WebSocket session, always asynchronous. */
public final class SessionTransport implements Transport {

    private static final Logger LOG = System.getLogger(SessionTransport.class.getName());
    private static final ClassLoader PLATFORM_LOADER = ClassLoader.getPlatformClassLoader();

    private final Session session;

    public SessionTransport(Session session) {
        this.session = session;
    }

    @Override
    public void sendText(String frame, Consumer<Throwable> completion) {
        withPlatformLoader(() -> session.getAsyncRemote().sendText(frame,
                result -> completion.accept(result.isOK() ? null : result.getException())));
    }

    @Override
    public void sendPing(long payload) {
        withPlatformLoader(() -> {
            try {
                session.getAsyncRemote().sendPing(ByteBuffer.allocate(Long.BYTES).putLong(0, payload));
            } catch (IOException e) {
                throw new UncheckedIOException("ping failed", e);
            }
        });
    }

    @Override
    public void close(Closure closure) {
        if (!session.isOpen()) {
            return;
        }
        withPlatformLoader(() -> {
            try {
                session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(closure.code()), closure.reason()));
            } catch (IOException e) {
                // The peer is gone already, which is what closing wanted; the session is released either way.
                LOG.log(Level.DEBUG, "close of session {0} failed: {1}", session.getId(), e.toString());
            }
        });
    }

    /**
     * Every call into the container runs with the platform class loader as the thread's context loader. On every
     * asynchronous send Tyrus re-arms the session's idle timer through Payara's managed executor, which captures the
     * thread context by running a ServiceLoader over every jar of the context class loader: 70 % of the server's CPU
     * in a 1000-member fan-out (docs/benchmarks.md). Under the platform loader that lookup ends at once; other
     * containers ignore the switch.
     */
    private static void withPlatformLoader(Runnable containerCall) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(PLATFORM_LOADER);
        try {
            containerCall.run();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
