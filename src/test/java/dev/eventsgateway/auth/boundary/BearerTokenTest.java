package dev.eventsgateway.auth.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BearerTokenTest {

    private static Map<String, List<String>> headers(String name, String... values) {
        return Map.of(name, List.of(values));
    }

    private static Map<String, List<String>> query(String token) {
        return Map.of("token", List.of(token));
    }

    @Test
    void readsTheAuthorizationHeader() {
        assertEquals(Optional.of("abc.def.ghi"), BearerToken.from(headers("Authorization", "Bearer abc.def.ghi"), Map.of()));
    }

    @Test
    void headerTakesPrecedenceOverTheQueryParameter() {
        assertEquals(Optional.of("from-header"),
                BearerToken.from(headers("Authorization", "Bearer from-header"), query("from-query")));
    }

    @Test
    void headerNameIsCaseInsensitive() {
        assertEquals(Optional.of("t"), BearerToken.from(headers("AUTHORIZATION", "Bearer t"), Map.of()));
        assertEquals(Optional.of("t"), BearerToken.from(headers("authorization", "Bearer t"), Map.of()));
    }

    @Test
    void schemeIsCaseInsensitive() {
        assertEquals(Optional.of("t"), BearerToken.from(headers("Authorization", "bEaReR t"), Map.of()));
        assertEquals(Optional.of("t"), BearerToken.from(headers("Authorization", "BEARER t"), Map.of()));
    }

    @Test
    void trimsTheToken() {
        assertEquals(Optional.of("t"), BearerToken.from(headers("Authorization", "Bearer   t  "), Map.of()));
    }

    @Test
    void usesTheFirstBearerValueAmongSeveral() {
        var headers = headers("Authorization", "Basic dXNlcjpwYXNz", "Bearer second", "Bearer third");

        assertEquals(Optional.of("second"), BearerToken.from(headers, Map.of()));
    }

    @Test
    void fallsBackToTheQueryParameterForAnotherScheme() {
        assertEquals(Optional.of("from-query"),
                BearerToken.from(headers("Authorization", "Basic dXNlcjpwYXNz"), query("from-query")));
        assertEquals(Optional.of("from-query"),
                BearerToken.from(headers("Authorization", "Bearertoken"), query("from-query")));
    }

    @Test
    void ignoresAHeaderWithoutValues() {
        Map<String, List<String>> headers = new HashMap<>();
        headers.put("Authorization", null);
        headers.put("X-Other", Arrays.asList((String) null));

        assertEquals(Optional.of("q"), BearerToken.from(headers, query("q")));
    }

    @Test
    void ignoresOtherHeaders() {
        assertEquals(Optional.empty(), BearerToken.from(headers("X-Authorization", "Bearer t"), Map.of()));
    }

    @Test
    void readsTheFirstTokenQueryParameter() {
        assertEquals(Optional.of("first"), BearerToken.from(Map.of(), Map.of("token", List.of("first", "second"))));
    }

    @Test
    void findsNothingWithoutHeaderOrParameter() {
        assertEquals(Optional.empty(), BearerToken.from(Map.of(), Map.of()));
        assertEquals(Optional.empty(), BearerToken.from(Map.of(), Map.of("token", List.of())));
        assertEquals(Optional.empty(), BearerToken.from(Map.of(), Map.of("Token", List.of("t"))));
    }
}
