package dev.eventsgateway.webapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventsgateway.system.TestClient;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The admin page signs in with an admin token, shows a client and its room, publishes to it and disconnects it. */
@ExtendWith(BrowserGatewayExtension.class)
class BrowserAdminIT {

    private static final String ROOM = "admin-watched-room";

    @Test
    void anOperatorSeesAClientPublishesToItsRoomAndDisconnectsIt(BrowserGateway gateway) throws Exception {
        try (TestClient client = gateway.connected("watched-user"); Browser browser = Browser.start()) {
            client.join(ROOM);
            AdminPage page = AdminPage.open(browser, gateway);
            page.signIn(gateway.adminToken("root"));
            page.awaitDashboard();

            page.awaitConnectionOf("watched-user");
            assertEquals("1 member", page.awaitRoom(ROOM, "1 member"));
            page.openPresence(ROOM, "watched-user");

            String result = page.publish(ROOM, "maintenance", "{\"at\": \"22:00Z\", \"by\": \"the admin page\"}");
            assertTrue(result.contains("handed to 1 connection"), result);
            var published = client.next("maintenance").getJsonObject("data");
            assertEquals("the admin page", published.getString("by"));

            page.awaitRate();
            page.scrollToTop();
            var screenshot = browser.screenshot("admin");
            assertTrue(Files.size(screenshot) > 10_000, "a screenshot of the admin page at " + screenshot);

            page.disconnectUser("watched-user", 4001, "account under review");
            assertEquals(new TestClient.Close(4001, "account under review"), client.awaitClose());
            page.awaitNoConnectionOf("watched-user");
        }
    }

    @Test
    void aTokenWithoutTheAdminRoleOrAnInvalidOneIsToldApart(BrowserGateway gateway) {
        try (Browser browser = Browser.start()) {
            AdminPage page = AdminPage.open(browser, gateway);
            page.signIn(gateway.token("not-an-admin"));
            page.awaitLoginError("lacks the admin role");
            page.signIn("not.a.token");
            page.awaitLoginError("were refused");
        }
    }
}
