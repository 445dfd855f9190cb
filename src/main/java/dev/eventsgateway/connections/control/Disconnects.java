package dev.eventsgateway.connections.control;

import dev.eventsgateway.platform.control.Background;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.IntSupplier;

/**
 * The one place every disconnect passes, whoever closed the connection: it raises {@link Disconnected} on a managed
 * thread, after any fan-out running on the closing thread, and silently while the application shuts down.
 */
@ApplicationScoped
public class Disconnects {

    private static final Logger LOG = System.getLogger(Disconnects.class.getName());

    private final ThreadLocal<HeldBack> heldBack = ThreadLocal.withInitial(HeldBack::new);
    private Event<Disconnected> event;
    private Executor executor;
    private volatile boolean shuttingDown;

    protected Disconnects() {
        // for the CDI proxy
    }

    @Inject
    public Disconnects(Event<Disconnected> event, @Background Executor executor) {
        this.event = event;
        this.executor = executor;
    }

    /** A connection has closed and left the registry; its departure is announced soon, never on this stack. */
    void disconnected(Connection connection) {
        if (shuttingDown) {
            // Announcing every departure to everyone still open would cost O(members²) frames at undeploy.
            event.fire(new Disconnected(connection, false));
            return;
        }
        HeldBack held = heldBack.get();
        held.connections.add(connection);
        if (held.depth == 0) {
            drain(held);
        }
    }

    /**
     * Runs a fan-out loop, holding back the departures it causes (a member whose queue overflows, a failed send)
     * until every recipient was handed the frame, so that nobody sees {@code user:left} before that frame.
     */
    public int fanOut(IntSupplier loop) {
        HeldBack held = heldBack.get();
        held.depth++;
        try {
            return loop.getAsInt();
        } finally {
            if (--held.depth == 0) {
                drain(held);
            }
        }
    }

    /** From now on departures are not announced: the application is stopping and closes every connection. */
    public void shutDown() {
        shuttingDown = true;
    }

    /**
     * Hands the held-back departures to the executor. An executor that runs them at once (as in unit tests) may cause
     * further departures while draining: those join the queue instead of nesting, so no chain of evictions, however
     * long, deepens the stack.
     */
    private void drain(HeldBack held) {
        if (held.draining) {
            return;
        }
        held.draining = true;
        try {
            Connection connection;
            while ((connection = held.connections.poll()) != null) {
                submit(connection);
            }
        } finally {
            held.draining = false;
        }
    }

    private void submit(Connection connection) {
        try {
            executor.execute(() -> announce(connection));
        } catch (RejectedExecutionException e) {
            // The container is stopping its executor with the application: leave without announcing.
            LOG.log(Level.DEBUG, "departure of connection {0} not announced: {1}", connection.id(), e.toString());
            event.fire(new Disconnected(connection, false));
        }
    }

    private void announce(Connection connection) {
        try {
            event.fire(new Disconnected(connection, true));
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, () -> "departure of connection " + connection.id() + " of user "
                    + connection.userId() + " failed", e);
        }
    }

    /** Departures caused by the fan-outs running on one thread, with how deeply those fan-outs are nested. */
    private static final class HeldBack {
        private final ArrayDeque<Connection> connections = new ArrayDeque<>();
        private int depth;
        private boolean draining;
    }
}
