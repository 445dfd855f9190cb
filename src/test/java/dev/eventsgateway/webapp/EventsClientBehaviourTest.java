package dev.eventsgateway.webapp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * events-client.js behaves as specified against a fake WebSocket and fake timers: the Node tests in
 * {@code src/test/javascript} ({@code node --test}) pass.
 */
class EventsClientBehaviourTest {

    private static final Duration LIMIT = Duration.ofMinutes(2);

    @Test
    void nodeTestsOfTheClientPass() {
        NodeTool.assumeOnPath("node");

        NodeTool.Run run = NodeTool.run(LIMIT, "node", "--no-warnings", "--test", "src/test/javascript/");

        assertEquals(0, run.exitCode(), run::describe);
    }
}
