package dev.eventsgateway.webapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two pages of the demo console chat in a room through events-client.js and see each other come and go. */
@ExtendWith(BrowserGatewayExtension.class)
class BrowserChatIT {

    private static final String ROOM = "lobby";

    @Test
    void twoPagesExchangeRoomMessagesAndSeePresence(BrowserGateway gateway) throws Exception {
        try (Browser aliceBrowser = Browser.start()) {
            ConsolePage alice = ConsolePage.openJoined(aliceBrowser, gateway, "alice", ROOM);
            alice.awaitSystem("presence", "You joined #" + ROOM);

            try (Browser bobBrowser = Browser.start()) {
                ConsolePage bob = ConsolePage.openJoined(bobBrowser, gateway, "bob", ROOM);
                alice.awaitSystem("presence", "bob joined #" + ROOM);

                bob.say("Hi alice, is the gateway up?");
                alice.awaitMessage("bob", ROOM, "Hi alice, is the gateway up?");
                bob.awaitMessage("bob", ROOM, "Hi alice, is the gateway up?");

                alice.say("Yes: Payara Micro, room #lobby, two tabs.");
                bob.awaitMessage("alice", ROOM, "Yes: Payara Micro, room #lobby, two tabs.");
                assertEquals("true", alice.awaitMessage("alice", ROOM, "Yes: Payara Micro, room #lobby, two tabs.")
                        .getDomAttribute("data-own"), "the sender's page marks its own message");

                bob.say("Great, see you there.");
                alice.awaitMessage("bob", ROOM, "Great, see you there.");

                var screenshot = aliceBrowser.screenshot("demo-chat");
                assertTrue(Files.size(screenshot) > 10_000, "a screenshot of the chat at " + screenshot);
            }
            // Closing bob's browser ends his connection: the server tells the room.
            alice.awaitSystem("presence", "bob left #" + ROOM);
        }
    }
}
