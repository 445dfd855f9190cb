package dev.eventsgateway.webapp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A page of another site gets no connection unless its origin is allowed ({@code CORS_ORIGIN}): the same page and
 * client connect from {@code http://localhost:port} and fail from {@code http://127.0.0.1:port}.
 */
@ExtendWith(BrowserGatewayExtension.class)
class BrowserOriginIT {

    /** Connects with the site's own copy of the client, without reconnecting, and reports the outcome. */
    private static final String CONNECT_ONCE = """
            const [url, token, done] = arguments;
            import('/events-client.js').then(({ connect }) => {
                const socket = connect(url, { token, reconnection: false });
                socket.on('connect', () => {
                    done({ connected: true, userId: socket.userId });
                    socket.close();
                });
                socket.on('connect_error', (err) => done({ connected: false, code: err.code,
                    closeCode: err.closeCode ?? null, state: socket.state }));
            }, (failure) => done({ failure: String(failure) }));
            """;

    @Test
    void pageOfAForeignOriginCannotConnect(BrowserGateway gateway) {
        Map<String, Object> outcome = connectFrom(gateway, BrowserGateway.FOREIGN_HOST);

        // The handshake is refused with 403 before any WebSocket exists: the browser only reports an abnormal close.
        assertEquals(Map.of("connected", false, "code", "CONNECT_FAILED", "closeCode", 1006L, "state", "disconnected"),
                outcome);
    }

    @Test
    void samePageOfAnAllowedOriginConnects(BrowserGateway gateway) {
        Map<String, Object> outcome = connectFrom(gateway, BrowserGateway.ALLOWED_HOST);

        assertEquals(Map.of("connected", true, "userId", "frank"), outcome);
    }

    private static Map<String, Object> connectFrom(BrowserGateway gateway, String host) {
        try (Browser browser = Browser.start()) {
            browser.open(gateway.otherSite().page(host));
            return browser.run(CONNECT_ONCE, gateway.eventsUri().toString(), gateway.token("frank"));
        }
    }
}
