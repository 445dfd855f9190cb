package dev.eventsgateway.ops.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eventsgateway.protocol.entity.Closure;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeQueryTest {

    @Test
    void everyQueryReadsBackAsItWasWritten() {
        List<NodeQuery> queries = List.of(new NodeQuery.Stats(), new NodeQuery.Rooms(5), new NodeQuery.Connections(7),
                new NodeQuery.Members("chat", 3), new NodeQuery.UserConnections("alice|x", 2),
                new NodeQuery.DisconnectUser("API key", "mallory", new Closure(4001, "bye | \"now\"")),
                new NodeQuery.DisconnectConnection("admin root", "c1", new Closure(4000, "")));
        for (NodeQuery query : queries) {
            assertEquals(query, NodeQuery.parse(query.toJson()));
        }
    }

    @Test
    void theKindCarriesItsVersion() {
        assertEquals("{\"q\":\"rooms.v1\",\"limit\":5}", new NodeQuery.Rooms(5).toJson());
    }

    @Test
    void anUnknownKindIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> NodeQuery.parse("{\"q\":\"rooms.v2\",\"limit\":5}"));
    }
}
