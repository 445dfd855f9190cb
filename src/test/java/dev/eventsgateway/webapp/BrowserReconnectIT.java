package dev.eventsgateway.webapp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * When the server drops every connection (a restart), the console reconnects, joins its rooms again, tells that their
 * history was lost with the server, and chats on.
 */
@ExtendWith(BrowserGatewayExtension.class)
class BrowserReconnectIT {

    private static final String ROOM = "restart-room";
    /** Stopping and starting Payara Micro, plus the client's backoff of at most 5 s. */
    private static final Duration RESTART = Duration.ofSeconds(90);

    @Test
    void pagesReconnectAndRejoinTheirRoomAfterTheServerRestarts(BrowserGateway gateway) {
        try (Browser carolBrowser = Browser.start(); Browser daveBrowser = Browser.start()) {
            ConsolePage carol = ConsolePage.openJoined(carolBrowser, gateway, "carol", ROOM);
            ConsolePage dave = ConsolePage.openJoined(daveBrowser, gateway, "dave", ROOM);
            dave.say("before the restart");
            carol.awaitMessage("dave", ROOM, "before the restart");

            gateway.restart();

            for (ConsolePage page : new ConsolePage[] {carol, dave}) {
                page.awaitSystem("disconnected", "Disconnected: transport close (1001 server shutting down)");
                page.awaitState("connected", RESTART);
                String reconnected = page.awaitReconnected();
                assertTrue(reconnected.endsWith("rejoining #" + ROOM), reconnected);
                page.awaitRoomJoined(ROOM);
                // The restarted server lost the room's history with everything else: a new epoch.
                page.awaitSystem("lost", "#" + ROOM + ": history lost (epoch_changed)");
            }
            dave.say("after the restart");
            carol.awaitMessage("dave", ROOM, "after the restart");
            carol.say("welcome back");
            dave.awaitMessage("carol", ROOM, "welcome back");
        }
    }
}
