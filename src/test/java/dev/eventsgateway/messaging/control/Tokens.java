package dev.eventsgateway.messaging.control;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.eventsgateway.auth.control.AuthSettings;
import dev.eventsgateway.auth.control.TokenVerifier;
import dev.eventsgateway.configuration.Environment;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

/** A verifier with a test secret, and tokens signed with it, for the handlers' unit tests. */
final class Tokens {

    static final String SECRET = "unit-test-secret-0123456789abcdef";
    static final TokenVerifier VERIFIER =
            new TokenVerifier(AuthSettings.from(Environment.of(Map.of(AuthSettings.SECRET, SECRET))));

    private Tokens() {
    }

    /** A token for the user, expiring at {@code exp}, granting {@code rooms} (every room when null). */
    static String sign(String user, Instant exp, List<String> rooms, String secret) {
        var claims = new JWTClaimsSet.Builder().subject(user).expirationTime(Date.from(exp));
        if (rooms != null) {
            claims.claim("rooms", rooms);
        }
        var jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        try {
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalStateException("signing a test token failed", e);
        }
        return jwt.serialize();
    }

    static String sign(String user, Instant exp, List<String> rooms) {
        return sign(user, exp, rooms, SECRET);
    }
}
