package dev.eventsgateway.webapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventsgateway.system.Tokens;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A token the server refuses (close 4401) ends in {@code connect_error}, never in a reconnect loop. */
@ExtendWith(BrowserGatewayExtension.class)
class BrowserCredentialsIT {

    private static final String WRONG_SECRET = "not-the-gateway-secret-0123456789-abcdef";
    /** Watched after the first refusal: with 50-100 ms backoff a reconnect loop would make dozens of attempts. */
    private static final long WATCH_MS = 2000;

    /**
     * Connects with the client in the page and reports every refusal, attempt and connect seen within the watch
     * period after the first {@code connect_error}; a token list is handed out by a token function, one per call.
     */
    private static final String CONNECT_AND_WATCH = """
            const [tokens, asFunction, watchMs, done] = arguments;
            import('/events-client.js').then(({ connect }) => {
                const seen = { errors: [], attempts: 0, connects: 0, tokenCalls: 0 };
                const token = asFunction ? () => tokens[Math.min(seen.tokenCalls++, tokens.length - 1)] : tokens[0];
                const socket = connect('/events', { token, reconnectionDelay: 50, reconnectionDelayMax: 100 });
                socket.on('connect', () => seen.connects++);
                socket.on('reconnect_attempt', () => seen.attempts++);
                socket.on('connect_error', (err) => {
                    seen.errors.push({ name: err.name, code: err.code, closeCode: err.closeCode ?? null });
                    if (seen.errors.length === 1) {
                        setTimeout(() => done({ ...seen, state: socket.state, active: socket.active }), watchMs);
                    }
                });
            }, (failure) => done({ failure: String(failure) }));
            """;

    @Test
    void refusedStaticTokenGivesOneConnectErrorAndNoReconnect(BrowserGateway gateway) {
        try (Browser browser = Browser.start()) {
            browser.open(gateway.baseUri());
            Map<String, Object> seen = browser.run(CONNECT_AND_WATCH, List.of(forged("mallory")), false, WATCH_MS);

            assertEquals(List.of(Map.of("name", "EventsError", "code", "INVALID_CREDENTIALS", "closeCode", 4401L)),
                    seen.get("errors"), seen.toString());
            assertEquals(0L, seen.get("attempts"), seen.toString());
            assertEquals(0L, seen.get("connects"), seen.toString());
            assertEquals("disconnected", seen.get("state"), seen.toString());
            assertEquals(false, seen.get("active"), seen.toString());
        }
    }

    @Test
    void tokenFunctionGetsOneRetryWithAFreshTokenThenStops(BrowserGateway gateway) {
        try (Browser browser = Browser.start()) {
            browser.open(gateway.baseUri());
            Map<String, Object> seen = browser.run(CONNECT_AND_WATCH,
                    List.of(forged("mallory-1"), forged("mallory-2"), forged("mallory-3")), true, WATCH_MS);

            var refusal = Map.of("name", "EventsError", "code", "INVALID_CREDENTIALS", "closeCode", 4401L);
            assertEquals(List.of(refusal, refusal), seen.get("errors"), seen.toString());
            assertEquals(1L, seen.get("attempts"), seen.toString());
            assertEquals(2L, seen.get("tokenCalls"), seen.toString());
            assertEquals(0L, seen.get("connects"), seen.toString());
            assertEquals("disconnected", seen.get("state"), seen.toString());
        }
    }

    @Test
    void consoleShowsTheRefusalAndStaysDisconnected(BrowserGateway gateway) {
        try (Browser browser = Browser.start()) {
            ConsolePage console = ConsolePage.open(browser, gateway.baseUri());
            console.connectWithToken(forged("mallory"));

            console.awaitSystem("error", "Connection refused: invalid credentials");
            console.awaitState("disconnected", Browser.PATIENCE);
            assertTrue(console.connectError().startsWith("The server refused the token."), console.connectError());
            assertEquals(1, console.entries("system").stream()
                    .filter(text -> text.startsWith("Connection refused")).count(), console.entries("system").toString());
        }
    }

    /** A well-formed token signed with the wrong secret: the upgrade succeeds, then the server closes with 4401. */
    private static String forged(String user) {
        return Tokens.forUser(user).expiresIn(Duration.ofMinutes(5)).signedWith(WRONG_SECRET).sign();
    }
}
