package dev.eventsgateway.system;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/** A running gateway the system tests talk to over real sockets. */
public interface GatewayTarget extends AutoCloseable {

    String name();

    /** {@code http://127.0.0.1:port}; the endpoint is at {@code /events}. */
    URI baseUri();

    /** A bean of the running gateway, where the test shares its JVM (embedded only). */
    <T> Optional<T> bean(Class<T> type);

    /** The server's log file, where there is one. */
    Optional<Path> log();

    /** Whether servlet filters run (a real server): same-origin checks and the 403 for foreign origins come from one. */
    boolean hasServletContainer();

    /**
     * Stops the server gracefully and starts it again on the same port with the same settings, as a redeploy does:
     * every connection drops. Only real servers can.
     */
    default void restart() {
        throw new UnsupportedOperationException(name() + " cannot restart");
    }

    /**
     * Suspends the server's process until the returned handle is closed: connections stay open, but the server reads
     * and answers nothing meanwhile. Only real servers can.
     */
    default Paused pause() {
        throw new UnsupportedOperationException(name() + " cannot pause");
    }

    /**
     * Kills the server's process and every process it started with SIGKILL, as a crash would: nothing is undeployed,
     * no close frame is sent, clients see their connections drop. Only real servers can.
     */
    default void kill() {
        throw new UnsupportedOperationException(name() + " cannot be killed");
    }

    @Override
    void close();

    /** A paused server; closing resumes it. */
    interface Paused extends AutoCloseable {
        @Override
        void close();
    }
}
