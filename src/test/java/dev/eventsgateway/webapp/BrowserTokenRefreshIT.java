package dev.eventsgateway.webapp;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** events-client.js keeps a connection alive past its short token's expiry by refreshing on {@code token:expiring}. */
@ExtendWith(BrowserGatewayExtension.class)
class BrowserTokenRefreshIT {

    private static final long TOKEN_SECONDS = 20;
    /** Long enough that the connection would be closed (exp plus the 30 s clock skew) if no refresh took. */
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(60);
    /** With the notice {@link BrowserGatewayExtension} configures, a 20 s token is refreshed about every 10 s. */
    private static final int MIN_REFRESHES = 3;

    /**
     * Connects with a token function that mints a short token from /dev/token for every call, then reports after the
     * keep-alive time, or as soon as the connection or a refresh fails.
     */
    private static final String KEEP_ALIVE_SCRIPT = """
            const [user, lifetime, keepAliveMs, done] = arguments;
            import('/events-client.js').then(({ connect }) => {
                let minted = 0;
                const token = async () => {
                    const response = await fetch(`/dev/token?user=${user}&ttl=${lifetime}`, { cache: 'no-store' });
                    if (!response.ok) {
                        throw new Error(`/dev/token answered ${response.status}`);
                    }
                    minted++;
                    return response.text();
                };
                const socket = connect('/events', { token });
                const refreshes = [];
                let first = null;
                let finished = false;
                const finish = (outcome) => {
                    if (finished) {
                        return;
                    }
                    finished = true;
                    const report = { ...outcome, ...first, refreshes, minted, connected: socket.connected,
                        sameConnection: first !== null && socket.id === first.connectionId,
                        msLeft: socket.expiresAt ? socket.expiresAt.getTime() - Date.now() : null };
                    socket.close();
                    done(report);
                };
                socket.on('token_refreshed', ({ expiresAt, revoked }) => refreshes.push({ expiresAt, revoked }));
                socket.on('token_refresh_failed', (err) => finish({ failure: `refresh: ${err.code} ${err.message}` }));
                socket.on('disconnect', (reason, code, text) => finish({ failure: `${reason} (${code} ${text})` }));
                socket.on('connect_error', (err) => finish({ failure: `connect_error: ${err.code} ${err.message}` }));
                socket.once('connect', () => {
                    first = { connectionId: socket.id, protocol: socket.protocol,
                        firstLifetimeMs: socket.expiresAt ? socket.expiresAt.getTime() - Date.now() : null };
                    setTimeout(() => finish({ keptAlive: true }), keepAliveMs);
                });
            }, (failure) => done({ failure: String(failure) }));
            """;

    @Test
    void aShortTokenIsRefreshedAutomaticallyAndTheConnectionStaysUp(BrowserGateway gateway) {
        try (Browser browser = Browser.start()) {
            browser.open(gateway.baseUri());
            browser.driver().manage().timeouts().scriptTimeout(KEEP_ALIVE.plusSeconds(20));

            Map<String, Object> report = browser.run(KEEP_ALIVE_SCRIPT, "frank", TOKEN_SECONDS, KEEP_ALIVE.toMillis());

            List<?> refreshes = (List<?>) report.getOrDefault("refreshes", List.of());
            assertAll(report.toString(),
                    () -> assertNull(report.get("failure")),
                    () -> assertEquals(true, report.get("keptAlive")),
                    () -> assertEquals("1.2", report.get("protocol")),
                    () -> assertTrue(number(report, "firstLifetimeMs") <= TOKEN_SECONDS * 1000, "a short first token"),
                    () -> assertEquals(true, report.get("sameConnection"), "no reconnect happened"),
                    () -> assertEquals(true, report.get("connected")),
                    () -> assertTrue(refreshes.size() >= MIN_REFRESHES, "refreshed " + refreshes.size() + " times"),
                    () -> assertTrue(number(report, "minted") >= 1 + MIN_REFRESHES),
                    () -> assertTrue(number(report, "msLeft") > 0, "the current token has not expired"));
            for (Object refresh : refreshes) {
                assertEquals(List.of(), ((Map<?, ?>) refresh).get("revoked"), "a token for every room revokes none");
            }
        }
    }

    private static long number(Map<String, Object> report, String key) {
        if (report.get(key) instanceof Number value) {
            return value.longValue();
        }
        throw new AssertionError("no number " + key + " in " + report);
    }
}
