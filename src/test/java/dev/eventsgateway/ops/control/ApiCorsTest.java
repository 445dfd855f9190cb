package dev.eventsgateway.ops.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiCorsTest {

    private static final String ADMIN_PAGE = "https://admin.example.com";

    private final ApiCors cors = new ApiCors(new ApiSettings(Optional.empty(), Set.of(ADMIN_PAGE)));

    @Test
    void aListedOriginIsAllowedAndTheAnswerVariesByOrigin() {
        assertEquals(Map.of("Access-Control-Allow-Origin", ADMIN_PAGE, "Vary", "Origin"), cors.headers(ADMIN_PAGE));
    }

    @Test
    void aListedOriginIsMatchedInItsNormalizedForm() {
        assertEquals(ADMIN_PAGE, cors.headers("HTTPS://Admin.Example.com:443").get("Access-Control-Allow-Origin"));
    }

    @Test
    void anUnlistedOriginOrNoneGetsNoHeaders() {
        assertEquals(Map.of(), cors.headers("https://evil.example.com"));
        assertEquals(Map.of(), cors.headers("https://admin.example.com:8443"));
        assertEquals(Map.of(), cors.headers("null"));
        assertEquals(Map.of(), cors.headers(null));
    }

    @Test
    void aPreflightFromAListedOriginIsAllowedForTheApisMethodsAndHeadersWithoutCredentials() {
        Map<String, String> headers = cors.preflightHeaders(ADMIN_PAGE);

        assertEquals(Map.of("Access-Control-Allow-Origin", ADMIN_PAGE, "Vary", "Origin",
                "Access-Control-Allow-Methods", "GET, POST",
                "Access-Control-Allow-Headers", "Authorization, Content-Type",
                "Access-Control-Max-Age", "600"), headers);
        assertFalse(headers.containsKey("Access-Control-Allow-Credentials"));
    }

    @Test
    void aPreflightFromAnUnlistedOriginIsRefused() {
        assertEquals(Map.of(), cors.preflightHeaders("https://evil.example.com"));
    }

    @Test
    void closedCorsAllowsNoOrigin() {
        ApiCors closed = new ApiCors(new ApiSettings(Optional.empty(), Set.of()));

        assertEquals(Map.of(), closed.headers(ADMIN_PAGE));
        assertEquals(Map.of(), closed.preflightHeaders(ADMIN_PAGE));
    }

    @Test
    void onlyAnOptionsRequestWithAnOriginAskingForAMethodIsAPreflight() {
        assertTrue(ApiCors.isPreflight("OPTIONS", ADMIN_PAGE, "POST"));
        assertFalse(ApiCors.isPreflight("OPTIONS", null, "POST"));
        assertFalse(ApiCors.isPreflight("OPTIONS", ADMIN_PAGE, null));
        assertFalse(ApiCors.isPreflight("POST", ADMIN_PAGE, "POST"));
    }
}
