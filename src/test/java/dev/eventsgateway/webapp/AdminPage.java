package dev.eventsgateway.webapp;

import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;

/** The admin page (admin/index.html) in a browser, driven as an operator would through its data-testid attributes. */
final class AdminPage {

    private final Browser browser;

    private AdminPage(Browser browser) {
        this.browser = browser;
    }

    static AdminPage open(Browser browser, BrowserGateway gateway) {
        browser.open(gateway.adminPage());
        return new AdminPage(browser);
    }

    /** Pastes the credential and presses Sign in. */
    void signIn(String credential) {
        var input = browser.driver().findElement(By.cssSelector("[data-testid=credential-input]"));
        input.clear();
        input.sendKeys(credential);
        browser.driver().findElement(By.cssSelector("[data-testid=sign-in-button]")).click();
    }

    void awaitDashboard() {
        browser.await(driver -> "signed-in".equals(
                driver.findElement(By.cssSelector("[data-testid=admin]")).getDomAttribute("data-state"))
                && driver.findElement(By.cssSelector("[data-testid=dashboard]")).isDisplayed());
    }

    /** Waits for the sign-in error alert to show text containing this, and returns the whole text. */
    String awaitLoginError(String containing) {
        return browser.await(driver -> {
            WebElement error = driver.findElement(By.cssSelector("[data-testid=login-error]"));
            return error.isDisplayed() && error.getText().contains(containing) ? error.getText() : null;
        });
    }

    /** Waits until two polls have given a messages-per-second figure, so that both charts have a line. */
    void awaitRate() {
        browser.await(driver -> !"–".equals(driver.findElement(By.cssSelector("[data-testid=figure-rate]")).getText()));
    }

    /** Scrolls the dashboard back to its top, where the charts are. */
    void scrollToTop() {
        ((JavascriptExecutor) browser.driver()).executeScript("document.querySelector('.admin-main').scrollTop = 0");
    }

    /** Waits until the connection list shows a connection of this user. */
    void awaitConnectionOf(String user) {
        browser.await(driver -> !driver.findElements(connectionRow(user)).isEmpty());
    }

    void awaitNoConnectionOf(String user) {
        browser.await(driver -> driver.findElements(connectionRow(user)).isEmpty());
    }

    /** Waits until the room list shows this room, and returns its member count as shown, e.g. "1 member". */
    String awaitRoom(String room, String members) {
        return browser.await(driver -> textOr(driver.findElements(By.cssSelector(
                "[data-testid=room-row][data-room='" + room + "'] [data-testid=room-members]")), members));
    }

    /** Clicks the room and waits until its presence lists this user. */
    void openPresence(String room, String user) {
        click(By.cssSelector("[data-testid=room-row][data-room='" + room + "']"));
        browser.await(driver -> !driver.findElements(
                By.cssSelector("[data-testid=presence-row][data-user='" + user + "']")).isEmpty());
    }

    /** Fills in the publish form and sends it; returns the result line once it says how many were handed it. */
    String publish(String room, String event, String json) {
        var driver = browser.driver();
        fill(By.cssSelector("[data-testid=publish-room]"), room);
        fill(By.cssSelector("[data-testid=publish-event]"), event);
        fill(By.cssSelector("[data-testid=publish-data]"), json);
        driver.findElement(By.cssSelector("[data-testid=publish-button]")).click();
        return browser.await(d -> {
            String text = d.findElement(By.cssSelector("[data-testid=publish-result]")).getText();
            return text.contains("handed to") ? text : null;
        });
    }

    /** Sets the close code and reason the disconnect buttons use, then disconnects every connection of the user. */
    void disconnectUser(String user, int code, String reason) {
        fill(By.cssSelector("[data-testid=close-code]"), Integer.toString(code));
        fill(By.cssSelector("[data-testid=close-reason]"), reason);
        click(By.cssSelector("tr[data-user='" + user + "'] [data-testid=disconnect-user]"));
    }

    private void fill(By field, String text) {
        var element = browser.driver().findElement(field);
        element.clear();
        element.sendKeys(text);
    }

    /** The lists are redrawn when the server's answer changes, so a found element may be gone by the click. */
    private void click(By target) {
        browser.await(driver -> {
            try {
                driver.findElement(target).click();
                return true;
            } catch (StaleElementReferenceException e) {
                return false;
            }
        });
    }

    private static By connectionRow(String user) {
        return By.cssSelector("[data-testid=connection-row][data-user='" + user + "']");
    }

    private static String textOr(List<WebElement> elements, String wanted) {
        try {
            return elements.isEmpty() || !elements.get(0).getText().equals(wanted) ? null : elements.get(0).getText();
        } catch (StaleElementReferenceException e) {
            return null;
        }
    }
}
