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

    @Override
    void close();
}
