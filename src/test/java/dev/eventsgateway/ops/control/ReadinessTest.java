package dev.eventsgateway.ops.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventsgateway.connections.control.Connection;
import dev.eventsgateway.history.entity.Admission;
import dev.eventsgateway.history.entity.HistoryRead;
import dev.eventsgateway.history.entity.Position;
import dev.eventsgateway.delivery.control.Broker;
import dev.eventsgateway.delivery.control.DeliverySettings;
import dev.eventsgateway.delivery.control.RedisAddress;
import dev.eventsgateway.rooms.entity.Published;
import jakarta.enterprise.event.Startup;
import dev.eventsgateway.protocol.entity.Roster;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ReadinessTest {

    private final SwitchedBroker broker = new SwitchedBroker();
    private final Readiness readiness = new Readiness(broker, new DeliverySettings(Optional.empty()));
    private final Readiness clustered = new Readiness(broker,
            new DeliverySettings(Optional.of(RedisAddress.parse("redis://127.0.0.1:6379"))));

    @Test
    void aServerIsNotReadyUntilItsDeploymentFinished() {
        assertEquals(Readiness.Phase.STARTING, readiness.phase());
        assertFalse(readiness.ready());
        readiness.deployed(new Startup());
        assertTrue(readiness.ready());
    }

    @Test
    void theFirstShutdownHookEndsReadinessForGood() {
        readiness.deployed(new Startup());
        readiness.stopping("first hook");
        readiness.stopping("second hook");
        readiness.deployed(new Startup());
        assertEquals(Readiness.Phase.STOPPING, readiness.phase());
        assertEquals("stopping", readiness.phase().label());
    }

    @Test
    void aSingleNodeNeitherAsksTheBrokerNorReportsRedis() {
        readiness.deployed(new Startup());
        broker.available = false;
        assertTrue(readiness.ready());
        assertEquals(Optional.empty(), readiness.redis());
    }

    @Test
    void aClusteredNodeIsReadyOnlyWhileItsBrokerIsAvailableAndSaysWhy() {
        clustered.deployed(new Startup());
        assertTrue(clustered.ready());
        assertEquals(Optional.of("up"), clustered.redis());

        broker.available = false;
        assertFalse(clustered.ready());
        assertEquals(Readiness.Phase.READY, clustered.phase(), "still deployed, only Redis is missing");
        assertEquals(Optional.of("down"), clustered.redis());

        broker.available = true;
        assertTrue(clustered.ready());
    }

    @Test
    void aStoppingClusteredNodeStaysNotReadyWhateverRedisDoes() {
        clustered.deployed(new Startup());
        clustered.stopping("hook");
        assertFalse(clustered.ready());
    }

    /** A broker whose availability the test switches; it carries nothing. */
    private static final class SwitchedBroker implements Broker {
        private volatile boolean available = true;

        @Override
        public int publish(String room, String frame, Connection except) {
            throw new UnsupportedOperationException("readiness never publishes");
        }

        @Override
        public Published publishToAll(String frame, Connection except) {
            throw new UnsupportedOperationException("readiness never publishes");
        }

        @Override
        public Published publishPublication(String room, String frame) {
            throw new UnsupportedOperationException("readiness never publishes");
        }

        @Override
        public Optional<Admission> admit(String room, Optional<Position> since, BooleanSupplier admit,
                                         Consumer<String> send) {
            throw new UnsupportedOperationException("readiness never subscribes");
        }

        @Override
        public HistoryRead history(String room, int limit) {
            throw new UnsupportedOperationException("readiness never reads history");
        }

        @Override
        public void subscribe(String room) {
            throw new UnsupportedOperationException("readiness never subscribes");
        }

        @Override
        public void entered(String room, Connection connection) {
            throw new UnsupportedOperationException("readiness never joins");
        }

        @Override
        public void departed(String room, Connection connection) {
            throw new UnsupportedOperationException("readiness never joins");
        }

        @Override
        public Roster presence(String room, int limit) {
            throw new UnsupportedOperationException("readiness never reads presence");
        }

        @Override
        public void beat(Consumer<dev.eventsgateway.delivery.control.Departure> departed) {
            throw new UnsupportedOperationException("readiness never beats");
        }

        @Override
        public void unsubscribe(String room) {
            throw new UnsupportedOperationException("readiness never subscribes");
        }

        @Override
        public boolean isAvailable() {
            return available;
        }

        @Override
        public String describe() {
            return "switched by the test";
        }
    }
}
