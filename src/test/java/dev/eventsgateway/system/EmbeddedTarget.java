package dev.eventsgateway.system;

import dev.eventsgateway.auth.control.TokenVerifier;
import dev.eventsgateway.broadcast.boundary.StatsBroadcaster;
import dev.eventsgateway.connections.boundary.ConnectionSweeper;
import dev.eventsgateway.connections.control.Connections;
import dev.eventsgateway.delivery.control.Broker;
import dev.eventsgateway.history.control.RoomLogs;
import dev.eventsgateway.messaging.boundary.EventsEndpoint;
import dev.eventsgateway.messaging.control.Dispatcher;
import dev.eventsgateway.metrics.control.GatewayMetrics;
import dev.eventsgateway.ops.control.GatewayConfiguration;
import dev.eventsgateway.rooms.control.RoomManager;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.enterprise.inject.spi.Unmanaged;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.glassfish.tyrus.server.Server;
import org.jboss.weld.bootstrap.spi.BeanDiscoveryMode;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

/**
 * The gateway inside the test JVM: Weld SE wires the real beans, Tyrus serves the endpoint, and a scheduler plays
 * the EJB timer's part for the two {@code @Schedule} beans.
 */
final class EmbeddedTarget implements GatewayTarget {

    private final WeldContainer container;
    private final Server server;
    private final ScheduledExecutorService timer;
    private final Unmanaged.UnmanagedInstance<ConnectionSweeper> sweeper;
    private final URI baseUri;

    EmbeddedTarget() {
        ServerSettings.values().forEach(System::setProperty);
        container = new Weld("events-gateway-embedded")
                .disableDiscovery()
                .setBeanDiscoveryMode(BeanDiscoveryMode.ANNOTATED)
                .addPackages(false, GatewayConfiguration.class, TokenVerifier.class, Connections.class,
                        RoomManager.class, Dispatcher.class, GatewayMetrics.class, Broker.class, RoomLogs.class)
                .addBeanClasses(EmbeddedBackground.class)
                .initialize();
        int port = Ports.free();
        server = new Server("127.0.0.1", port, "/", java.util.Map.of(), EventsEndpoint.class);
        try {
            server.start();
        } catch (jakarta.websocket.DeploymentException e) {
            container.shutdown();
            throw new IllegalStateException("embedded Tyrus did not start", e);
        }
        baseUri = URI.create("http://127.0.0.1:" + port);
        sweeper = new Unmanaged<>(CDI.current().getBeanManager(), ConnectionSweeper.class).newInstance()
                .produce().inject().postConstruct();
        var stats = new Unmanaged<>(CDI.current().getBeanManager(), StatsBroadcaster.class).newInstance()
                .produce().inject().postConstruct();
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "embedded-ejb-timer");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleAtFixedRate(() -> {
            sweeper.get().sweep();
            stats.get().tick();
        }, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public String name() {
        return "embedded";
    }

    @Override
    public URI baseUri() {
        return baseUri;
    }

    @Override
    public <T> Optional<T> bean(Class<T> type) {
        return Optional.of(container.select(type).get());
    }

    @Override
    public Optional<Path> log() {
        return Optional.empty();
    }

    @Override
    public boolean hasServletContainer() {
        return false;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        sweeper.get().goingAway();
        server.stop();
        container.shutdown();
    }
}
