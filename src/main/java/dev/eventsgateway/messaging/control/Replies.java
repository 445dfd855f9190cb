package dev.eventsgateway.messaging.control;

import dev.eventsgateway.connections.control.Connection;
import dev.eventsgateway.metrics.control.GatewayMetrics;
import dev.eventsgateway.protocol.entity.AckData;
import dev.eventsgateway.protocol.entity.EventName;
import dev.eventsgateway.protocol.entity.Failure;
import dev.eventsgateway.protocol.entity.RequestId;
import dev.eventsgateway.protocol.entity.WireFormat;
import java.util.Optional;

/** Answers a client frame as docs/protocol.md says: an ack when it had an id, else an error frame on failure. */
final class Replies {

    private Replies() {
    }

    static void send(GatewayMetrics metrics, Connection connection, Optional<RequestId> id, Outcome outcome) {
        if (outcome instanceof Outcome.Failed failed) {
            fail(metrics, connection, id, failed.failure());
        } else if (id.isEmpty()) {
            return;
        } else if (outcome instanceof Outcome.WithPublications read) {
            connection.send(WireFormat.ack(id, read.data(), read.publications()));
        } else {
            connection.send(WireFormat.ack(id, ((Outcome.Success) outcome).data()));
        }
    }

    static void fail(GatewayMetrics metrics, Connection connection, Optional<RequestId> id, Failure failure) {
        metrics.failed(failure);
        if (id.isPresent()) {
            connection.send(WireFormat.ack(id, AckData.failed(failure)));
        } else {
            connection.send(WireFormat.frame(EventName.ERROR, failure));
        }
    }

    /** A ping is always answered, with an id-less ack when it carried no id. */
    static void pong(Connection connection, Optional<RequestId> id) {
        connection.send(WireFormat.ack(id, AckData.ok()));
    }
}
