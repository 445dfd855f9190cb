package dev.eventsgateway.webapp;

import dev.eventsgateway.system.GatewayLauncher.LaunchedGateway;
import dev.eventsgateway.system.GatewayTarget;
import dev.eventsgateway.system.TestClient;
import dev.eventsgateway.system.Tokens;
import java.net.URI;

/**
 * The gateway the browser tests share: the packaged WAR on Payara Micro with development tokens on, allowing the
 * {@code localhost} origin of {@link #otherSite()} but not its {@code 127.0.0.1} origin.
 */
public final class BrowserGateway {

    /** Host name under which {@link #otherSite()} is an allowed origin. */
    static final String ALLOWED_HOST = "localhost";
    /** Host name under which {@link #otherSite()} is a foreign origin. */
    static final String FOREIGN_HOST = "127.0.0.1";

    private final LaunchedGateway server;
    private final OtherSite otherSite;

    BrowserGateway(LaunchedGateway server, OtherSite otherSite) {
        this.server = server;
        this.otherSite = otherSite;
    }

    /** {@code http://127.0.0.1:port}: the console is at {@code /}, the endpoint at {@code /events}. */
    URI baseUri() {
        return server.gateway().baseUri();
    }

    URI eventsUri() {
        return server.gateway().eventsUri(null);
    }

    /** The demo console, filled in for this user and room and connecting at once. */
    URI console(String user, String room) {
        return console(baseUri(), user, room);
    }

    /** The demo console as served at this base URI (e.g. through a proxy), filled in and connecting at once. */
    static URI console(URI base, String user, String room) {
        return base.resolve("/?user=" + user + "&room=" + room + "&connect=1");
    }

    /** The admin page, which asks for credentials before it shows anything. */
    URI adminPage() {
        return baseUri().resolve("/admin/");
    }

    /** A client of the gateway outside the browser, connected as this user (every room, no roles). */
    TestClient connected(String user) {
        return server.gateway().connected(user);
    }

    /** A valid token for this user with the admin role. */
    String adminToken(String user) {
        return Tokens.forUser(user).admin().sign();
    }

    /** A valid token for this user: every room, no roles. */
    String token(String user) {
        return Tokens.forUser(user).sign();
    }

    OtherSite otherSite() {
        return otherSite;
    }

    /** Stops the server and starts it again on the same port: every connection drops. */
    void restart() {
        server.restart();
    }

    /** Suspends the server until the handle is closed: connections stay open, nothing is answered meanwhile. */
    GatewayTarget.Paused pause() {
        return server.pause();
    }

    void stop() {
        try (otherSite) {
            server.close();
        }
    }
}
