package dev.eventsgateway.ops.boundary;

import dev.eventsgateway.auth.control.InvalidTokenException;
import dev.eventsgateway.auth.control.TokenVerifier;
import dev.eventsgateway.auth.entity.Caller;
import dev.eventsgateway.ops.control.ApiSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/** Who calls the server API: an admin's JWT or the API key; names the caller for the log, never with the secret. */
@ApplicationScoped
public class AdminCredentials {

    static final String API_KEY_HEADER = "X-Api-Key";
    private static final String BEARER = "Bearer ";

    private TokenVerifier verifier;
    private byte[] keyDigest;

    protected AdminCredentials() {
        // for the CDI proxy
    }

    @Inject
    public AdminCredentials(TokenVerifier verifier, ApiSettings settings) {
        this.verifier = verifier;
        this.keyDigest = settings.apiKey().map(AdminCredentials::digest).orElse(null);
    }

    /**
     * @return the caller as the log names it
     * @throws ApiException 401 without valid credentials, 403 for a valid token without the admin role
     */
    String authenticate(HttpServletRequest request) {
        String key = request.getHeader(API_KEY_HEADER);
        if (key != null) {
            // Digests first, so that the comparison takes as long whatever the length of the key tried.
            if (keyDigest == null || !MessageDigest.isEqual(keyDigest, digest(key.trim()))) {
                throw new ApiException(401, null, "invalid API key");
            }
            return "API key";
        }
        String token = bearerToken(request).orElseThrow(() -> new ApiException(401, null,
                "credentials required: Authorization: Bearer <admin JWT or API key> or " + API_KEY_HEADER));
        // The admin page sends whatever it was given as a bearer credential: the key is tried before the JWT.
        if (keyDigest != null && MessageDigest.isEqual(keyDigest, digest(token))) {
            return "API key";
        }
        Caller caller;
        try {
            caller = verifier.verify(token);
        } catch (InvalidTokenException e) {
            throw new ApiException(401, null, "invalid token");
        }
        if (!caller.isAdmin()) {
            throw new ApiException(403, null, "the admin role is required");
        }
        return "admin " + caller.userId();
    }

    private static Optional<String> bearerToken(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        return Optional.of(header.substring(BEARER.length()).trim());
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
