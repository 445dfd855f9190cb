package dev.eventsgateway.auth.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventsgateway.configuration.Environment;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OriginPolicyTest {

    private static OriginPolicy policy(String corsOrigin) {
        return new OriginPolicy(OriginSettings.from(Environment.of(Map.of(OriginSettings.CORS_ORIGIN, corsOrigin))));
    }

    private final OriginPolicy policy = policy("https://app.example.com,http://localhost:80");

    @Test
    void allowsARequestWithoutOrigin() {
        assertTrue(policy.permits(null, null));
        assertTrue(policy.permits(null, "http://gateway.example"));
    }

    @Test
    void allowsAConfiguredOrigin() {
        assertTrue(policy.permits("https://app.example.com", null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost", "http://localhost:80", "HTTP://LocalHost", "http://localhost/",
            "HTTPS://APP.EXAMPLE.COM", "https://app.example.com:443"})
    void comparesOriginsInNormalForm(String origin) {
        assertTrue(policy.permits(origin, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://evil.example", "http://app.example.com", "https://app.example.com:8443",
            "http://localhost:5173", "https://app.example.com.evil.example", "http://localhost:8080"})
    void refusesAForeignOrigin(String origin) {
        assertFalse(policy.permits(origin, null));
    }

    @Test
    void refusesTheOpaqueNullOrigin() {
        assertFalse(policy.permits("null", null));
        assertFalse(policy.permits("null", "null"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not an origin", "file://", "chrome-extension://abcdef"})
    void refusesSomethingThatIsNotAnHttpOrigin(String origin) {
        assertFalse(policy.permits(origin, null));
    }

    @Test
    void allowsTheGatewaysOwnOrigin() {
        assertTrue(policy.permits("http://gateway.example:8080", "http://gateway.example:8080"));
        assertTrue(policy.permits("https://Gateway.Example", "https://gateway.example:443"));
        assertFalse(policy.permits("http://gateway.example:8080", "http://gateway.example:9090"));
        assertFalse(policy.permits("http://gateway.example:8080", null));
    }

    @Test
    void starAllowsAnyOrigin() {
        OriginPolicy any = policy("*");

        assertTrue(any.permits("https://evil.example", null));
        assertTrue(any.permits(null, null));
    }

    @Test
    void handshakeCheckAppliesThePolicyWithoutOwnOrigin() {
        assertTrue(policy.permitsAtHandshake(null));
        assertTrue(policy.permitsAtHandshake("https://app.example.com"));
        assertFalse(policy.permitsAtHandshake("https://evil.example"));
        assertFalse(policy.permitsAtHandshake("null"));
    }

    @Test
    void handshakeCheckDefersToTheServletFilterOnceItRuns() {
        policy.enforcedByServletFilter();

        assertTrue(policy.permitsAtHandshake("https://evil.example"));
        assertTrue(policy.permitsAtHandshake("null"));
        assertFalse(policy.permits("https://evil.example", null));
    }
}
