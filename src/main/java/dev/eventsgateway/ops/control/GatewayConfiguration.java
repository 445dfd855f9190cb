package dev.eventsgateway.ops.control;

import dev.eventsgateway.auth.control.AuthSettings;
import dev.eventsgateway.auth.control.OriginSettings;
import dev.eventsgateway.auth.control.TokenVerifier;
import dev.eventsgateway.broadcast.control.BroadcastSettings;
import dev.eventsgateway.connections.control.ConnectionSettings;
import dev.eventsgateway.delivery.control.Broker;
import dev.eventsgateway.delivery.control.DeliverySettings;
import dev.eventsgateway.history.control.HistorySettings;
import dev.eventsgateway.messaging.control.MessagingSettings;
import dev.eventsgateway.rooms.control.RoomSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.TreeSet;

/** Reads every settings record once, offers it for injection, and reports the effective configuration at deployment. */
@ApplicationScoped
public class GatewayConfiguration {

    private static final Logger LOG = System.getLogger(GatewayConfiguration.class.getName());

    @Produces
    @Singleton
    AuthSettings auth() {
        return AuthSettings.fromEnvironment();
    }

    @Produces
    @Singleton
    OriginSettings origins() {
        return OriginSettings.fromEnvironment();
    }

    @Produces
    @Singleton
    ConnectionSettings connections() {
        return ConnectionSettings.fromEnvironment();
    }

    @Produces
    @Singleton
    MessagingSettings messaging() {
        return MessagingSettings.fromEnvironment();
    }

    @Produces
    @Singleton
    RoomSettings rooms() {
        return RoomSettings.fromEnvironment();
    }

    @Produces
    @Singleton
    HistorySettings history() {
        return HistorySettings.fromEnvironment();
    }

    @Produces
    @Singleton
    BroadcastSettings broadcast() {
        return BroadcastSettings.fromEnvironment();
    }

    @Produces
    @Singleton
    DeliverySettings delivery() {
        return DeliverySettings.fromEnvironment();
    }

    @Produces
    @Singleton
    ApiSettings api() {
        return ApiSettings.fromEnvironment();
    }

    /**
     * Reads every setting (and builds the token verifier) at deployment, so that a misconfiguration fails the
     * deployment with the variable's name rather than the first client.
     */
    void report(@Observes Startup startup, AuthSettings auth, TokenVerifier verifier, OriginSettings origins,
                ConnectionSettings connections, MessagingSettings messaging, RoomSettings rooms,
                BroadcastSettings broadcast, ApiSettings api, Broker broker, HistorySettings history) {
        LOG.log(Level.INFO, "events-gateway ready at /events: auth[{0}, algorithms={1}] origins[{2}] connections[{3}] "
                        + "messaging[{4}] rooms[{5}] statsInterval={6}s api[{7}] delivery[{8}] history[{9}]",
                auth.describe(), String.join("/", new TreeSet<>(verifier.algorithms())), origins.describe(),
                connections.describe(), messaging.describe(), rooms.describe(),
                broadcast.statsInterval().toSeconds(), api.describe(), broker.describe(), history.describe());
        if (auth.devTokens()) {
            LOG.log(Level.WARNING, "DEVELOPMENT ONLY: EVENTS_DEV_TOKENS=true, so /dev/token signs a token for anyone "
                    + "who asks, with EVENTS_JWT_SECRET. Never enable it in production, and never reuse the run "
                    + "command's published development secret.");
        }
    }
}
