package dev.eventsgateway.delivery.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.eventsgateway.configuration.Environment;
import dev.eventsgateway.connections.control.FakeTransport;
import dev.eventsgateway.protocol.entity.WireFormat;
import dev.eventsgateway.system.RedisServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Nodes authenticate at a redis-server that wants a password with the credentials given in variables of their own. */
class RedisCredentialsIT {

    private static final String PASSWORD = "redis-test-password-0123456789";

    @Test
    void nodesGivenThePasswordInItsOwnVariableFormAClusterWithARedisThatRefusesOthers() {
        assumeTrue("embedded".equals(System.getProperty("events.target", "embedded")),
                "runs once, with the embedded target: it needs no server");
        assumeTrue(RedisServer.available(), "redis-server is not installed (apt-get install redis-server)");
        try (RedisServer redis = RedisServer.startWithPassword("credentials", PASSWORD)) {
            String refused = redis.query("PING");
            assertEquals("NOAUTH", refused.split(" ")[0], "a client without the password is refused: " + refused);

            RedisAddress address = DeliverySettings.from(Environment.of(Map.of(DeliverySettings.REDIS_URL,
                    redis.url(), DeliverySettings.REDIS_PASSWORD, PASSWORD))).redis().orElseThrow();
            try (ClusterNode a = new ClusterNode(address, 10); ClusterNode b = new ClusterNode(address, 10)) {
                TwoNodes.await("both nodes connected", () -> a.broker.isConnected() && b.broker.isConnected());
                FakeTransport member = new FakeTransport();
                b.rooms.join(b.open("ann", member), "locked");
                a.broker.publishPublication("locked", WireFormat.frame("news", "through auth"));
                TwoNodes.await("delivered on the other node", () -> member.sentCount() == 1);
            }
        }
    }
}
