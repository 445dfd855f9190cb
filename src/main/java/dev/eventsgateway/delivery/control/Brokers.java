package dev.eventsgateway.delivery.control;

import dev.eventsgateway.rooms.control.RoomManager;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Chooses the broker the configuration asks for: this node only, or the cluster through Redis. */
@ApplicationScoped
public class Brokers {

    @Produces
    @ApplicationScoped
    Broker broker(DeliverySettings settings, RoomManager rooms) {
        if (settings.clustered()) {
            throw new UnsupportedOperationException(DeliverySettings.REDIS_URL + " is not supported yet");
        }
        return new LocalBroker(rooms);
    }
}
