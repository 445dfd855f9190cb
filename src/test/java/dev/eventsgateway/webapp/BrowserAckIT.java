package dev.eventsgateway.webapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code emitWithAck} in the browser resolves with the ack, and rejects on an error ack and on a missed deadline. */
@ExtendWith(BrowserGatewayExtension.class)
class BrowserAckIT {

    private static final int ACK_TIMEOUT_MS = 1000;

    /** Connects the client; the socket stays in the test's own page variable for the scripts that follow. */
    private static final String CONNECT = """
            const [token, ackTimeout, done] = arguments;
            import('/events-client.js').then(({ connect }) => {
                const socket = connect('/events', { token, ackTimeout });
                window.testSocket = socket;
                socket.once('connect', () => done({ connected: true }));
                socket.once('connect_error', (err) => done({ connected: false, failure: `${err.code} ${err.message}` }));
            }, (failure) => done({ connected: false, failure: String(failure) }));
            """;

    /** Emits one frame and reports how the Promise settled, and whether the socket is still connected then. */
    private static final String EMIT_WITH_ACK = """
            const [event, data, done] = arguments;
            const socket = window.testSocket;
            import('/events-client.js').then(({ EventsError }) => socket.emitWithAck(event, data).then(
                (ack) => ({ resolved: ack }),
                (err) => ({ rejected: { isEventsError: err instanceof EventsError, code: err.code,
                    message: err.message } })))
                .then((outcome) => done({ ...outcome, connected: socket.connected }));
            """;

    @Test
    void resolvesWithTheAckData(BrowserGateway gateway) {
        try (Browser browser = connected(gateway)) {
            Map<String, Object> outcome = browser.run(EMIT_WITH_ACK, "join", Map.of("room", "ack-room"));

            // Protocol 1.2: a join's ack carries the room's position; nothing was published there yet.
            var resolved = new HashMap<>((Map<?, ?>) outcome.get("resolved"));
            assertTrue(resolved.remove("epoch") instanceof String, outcome.toString());
            assertEquals(Map.of("success", true, "room", "ack-room", "offset", 0L), resolved, outcome.toString());
        }
    }

    @Test
    void rejectsWithTheCodeOfAnErrorAck(BrowserGateway gateway) {
        try (Browser browser = connected(gateway)) {
            Map<String, Object> outcome = browser.run(EMIT_WITH_ACK, "join", Map.of("room", "ops:secret"));

            assertEquals(Map.of("isEventsError", true, "code", "FORBIDDEN", "message", "no access to room 'ops:secret'"),
                    outcome.get("rejected"), outcome.toString());
            assertEquals(true, outcome.get("connected"), "an error ack leaves the connection open");
        }
    }

    @Test
    void rejectsWithTimeoutWhenTheServerDoesNotAnswerInTime(BrowserGateway gateway) {
        try (Browser browser = connected(gateway)) {
            Map<String, Object> late;
            try (var paused = gateway.pause()) {
                late = browser.run(EMIT_WITH_ACK, "message", Map.of("content", "anyone there?"));
            }
            assertEquals(Map.of("isEventsError", true, "code", "TIMEOUT", "message", "operation has timed out"),
                    late.get("rejected"), late.toString());

            // Resumed, the server answers the old frame too late for anyone to care, and the next one in time.
            Map<String, Object> next = browser.run(EMIT_WITH_ACK, "message", Map.of("content", "back again"));
            assertEquals(true, ((Map<?, ?>) next.get("resolved")).get("success"), next.toString());
            assertEquals(true, next.get("connected"), next.toString());
        }
    }

    private static Browser connected(BrowserGateway gateway) {
        Browser browser = Browser.start();
        try {
            browser.open(gateway.baseUri());
            Map<String, Object> connected = browser.run(CONNECT, gateway.token("erin"), ACK_TIMEOUT_MS);
            assertEquals(true, connected.get("connected"), connected.toString());
            return browser;
        } catch (RuntimeException | AssertionError e) {
            browser.close();
            throw e;
        }
    }
}
