package dev.eventsgateway.connections.control;

import dev.eventsgateway.protocol.entity.CloseCode;
import jakarta.enterprise.concurrent.Asynchronous;
import jakarta.enterprise.context.ApplicationScoped;

/** Closes a refused session once its opening has finished, on a managed thread of the container. */
@ApplicationScoped
public class Refusals {

    /**
     * Closing a session while its upgrade is still in progress lets Payara recycle the upgrade request under Tyrus,
     * which then fails on it ({@code getServletContext()} null in {@code TyrusServletUpgrade.upgrade}, in the server
     * log); so the close waits for the upgrade to finish. Where no container intercepts {@code @Asynchronous}
     * (embedded tests) it runs at once.
     */
    @Asynchronous
    public void close(Transport transport, CloseCode code) {
        transport.close(code.closure());
    }
}
