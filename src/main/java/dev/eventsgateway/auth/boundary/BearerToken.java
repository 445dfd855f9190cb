package dev.eventsgateway.auth.boundary;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Finds the token of a handshake: an {@code Authorization: Bearer} header first, else the {@code token} query parameter. */
final class BearerToken {

    static final String QUERY_PARAMETER = "token";
    private static final String SCHEME = "bearer ";

    private BearerToken() {
    }

    static Optional<String> from(Map<String, List<String>> headers, Map<String, List<String>> parameters) {
        for (var header : headers.entrySet()) {
            if ("authorization".equalsIgnoreCase(header.getKey()) && header.getValue() != null) {
                for (String value : header.getValue()) {
                    if (value != null && value.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
                        return Optional.of(value.substring(SCHEME.length()).trim());
                    }
                }
            }
        }
        List<String> values = parameters.get(QUERY_PARAMETER);
        if (values == null || values.isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(values.get(0));
    }
}
