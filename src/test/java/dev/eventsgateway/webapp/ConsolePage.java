package dev.eventsgateway.webapp;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/** The demo console (index.html) in a browser, driven as a user would through its ids and data-testid attributes. */
final class ConsolePage {

    private final Browser browser;

    private ConsolePage(Browser browser) {
        this.browser = browser;
    }

    /** Opens the console with a URL that fills in the user, connects and joins the room; waits until joined. */
    static ConsolePage openJoined(Browser browser, BrowserGateway gateway, String user, String room) {
        return openJoined(browser, gateway.console(user, room), room);
    }

    /** Opens the console at an address that connects at once and joins the room (see BrowserGateway); waits. */
    static ConsolePage openJoined(Browser browser, URI console, String room) {
        browser.open(console);
        var page = new ConsolePage(browser);
        page.awaitState("connected", Browser.PATIENCE);
        page.awaitRoomJoined(room);
        return page;
    }

    /** Opens the console at this address without connecting. */
    static ConsolePage open(Browser browser, URI console) {
        browser.open(console);
        return new ConsolePage(browser);
    }

    /** Pastes a JWT under "Use your own token" and presses Connect. */
    void connectWithToken(String token) {
        var driver = browser.driver();
        driver.findElement(By.cssSelector("[data-testid=token-details] > summary")).click();
        driver.findElement(By.cssSelector("[data-testid=token-input]")).sendKeys(token);
        driver.findElement(By.cssSelector("[data-testid=connect-button]")).click();
    }

    /** Waits for the status in the top bar: connecting, connected, reconnecting or disconnected. */
    void awaitState(String state, Duration within) {
        browser.await(within, driver -> state.equals(
                driver.findElement(By.cssSelector("[data-testid=connection-state]")).getDomAttribute("data-state")));
    }

    String state() {
        return browser.driver().findElement(By.cssSelector("[data-testid=connection-state]")).getDomAttribute("data-state");
    }

    void awaitRoomJoined(String room) {
        browser.await(driver -> !driver.findElements(
                By.cssSelector("[data-testid=room-item][data-room='" + room + "'][data-status=joined]")).isEmpty());
    }

    /** Types a message into the composer and presses Enter; it goes to the selected room. */
    void say(String text) {
        browser.driver().findElement(By.cssSelector("[data-testid=message-input]")).sendKeys(text, Keys.ENTER);
    }

    /** Waits for a chat message of this sender in this room; "own" messages are those of this page's user. */
    WebElement awaitMessage(String sender, String room, String text) {
        return awaitEntry("[data-kind=message][data-sender='" + sender + "'][data-room='" + room + "']", text);
    }

    /**
     * Waits for a system line of this tone (presence, connected, reconnected, recovered, lost, disconnected, error,
     * muted).
     */
    WebElement awaitSystem(String tone, String text) {
        return awaitEntry("[data-kind=system][data-tone='" + tone + "']", text);
    }

    /** Waits for the line that reports a reconnect, e.g. "Reconnected as alice after 3 attempts, rejoining #lobby". */
    String awaitReconnected() {
        return browser.await(driver -> driver.findElements(
                        By.cssSelector("[data-testid=log-entry][data-kind=system][data-tone=reconnected]"))
                .stream().map(ConsolePage::body).findFirst().orElse(null));
    }

    /** The visible text of the log's entries of this kind, oldest first. */
    List<String> entries(String kind) {
        return browser.driver().findElements(By.cssSelector("[data-testid=log-entry][data-kind='" + kind + "']"))
                .stream().map(ConsolePage::body).toList();
    }

    /** The connection error alert of the connect form, empty while hidden. */
    String connectError() {
        WebElement alert = browser.driver().findElement(By.cssSelector("[data-testid=connect-error]"));
        return alert.isDisplayed() ? alert.getText() : "";
    }

    private WebElement awaitEntry(String attributes, String text) {
        return browser.await(driver -> driver.findElements(By.cssSelector("[data-testid=log-entry]" + attributes))
                .stream().filter(entry -> text.equals(body(entry))).findFirst().orElse(null));
    }

    /** The entry's text, also for entries the selected tab hides. */
    private static String body(WebElement entry) {
        return entry.findElement(By.cssSelector(".entry-body")).getDomProperty("textContent");
    }
}
