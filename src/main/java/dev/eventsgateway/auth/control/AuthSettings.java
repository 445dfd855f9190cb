package dev.eventsgateway.auth.control;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import dev.eventsgateway.configuration.ConfigurationException;
import dev.eventsgateway.configuration.Environment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** How tokens are verified: one key source, optional issuer and audience, clock skew, development tokens. */
public record AuthSettings(VerificationKey key, Optional<String> issuer, Optional<String> audience,
                           Duration clockSkew, Duration expiryNotice, boolean devTokens) {

    public static final String SECRET = "EVENTS_JWT_SECRET";
    public static final String JWKS_URL = "EVENTS_JWT_JWKS_URL";
    public static final String JWKS_TIMEOUT_MS = "EVENTS_JWT_JWKS_TIMEOUT_MS";
    public static final String PUBLIC_KEY = "EVENTS_JWT_PUBLIC_KEY";
    public static final String ISSUER = "EVENTS_JWT_ISSUER";
    public static final String AUDIENCE = "EVENTS_JWT_AUDIENCE";
    public static final String CLOCK_SKEW = "EVENTS_JWT_CLOCK_SKEW_SECONDS";
    public static final String DEV_TOKENS = "EVENTS_DEV_TOKENS";
    public static final String EXPIRY_NOTICE_MS = "EVENTS_TOKEN_EXPIRY_NOTICE_MS";

    public static AuthSettings fromEnvironment() {
        return from(Environment.system());
    }

    public static AuthSettings from(Environment env) {
        boolean devTokens = env.flag(DEV_TOKENS, false);
        VerificationKey key = key(env);
        if (devTokens && !(key instanceof VerificationKey.SharedSecret)) {
            throw new ConfigurationException(DEV_TOKENS, "development tokens are signed with " + SECRET
                    + ", which is not set");
        }
        return new AuthSettings(key, env.text(ISSUER), env.text(AUDIENCE),
                env.seconds(CLOCK_SKEW, 30, 0, 600), env.millis(EXPIRY_NOTICE_MS, 60_000, 0, 86_400_000), devTokens);
    }

    private static VerificationKey key(Environment env) {
        List<String> given = new ArrayList<>();
        for (String name : List.of(SECRET, JWKS_URL, PUBLIC_KEY)) {
            env.text(name).ifPresent(value -> given.add(name));
        }
        if (given.isEmpty()) {
            throw new ConfigurationException(SECRET, "no token verification key is configured: set " + SECRET
                    + " (HS256), " + JWKS_URL + " (RS256/ES256) or " + PUBLIC_KEY + " (PEM file)");
        }
        if (given.size() > 1) {
            throw new ConfigurationException(given.get(1), "set only one of " + String.join(", ", given));
        }
        return switch (given.get(0)) {
            case SECRET -> sharedSecret(env.text(SECRET).orElseThrow());
            case JWKS_URL -> new VerificationKey.JwksUrl(env.uri(JWKS_URL).orElseThrow(), env.millis(JWKS_TIMEOUT_MS,
                    (int) VerificationKey.JwksUrl.DEFAULT_FETCH_TIMEOUT.toMillis(), 100, 30_000));
            default -> pemKey(env.text(PUBLIC_KEY).orElseThrow());
        };
    }

    private static VerificationKey sharedSecret(String secret) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < VerificationKey.SharedSecret.MIN_BYTES) {
            throw new ConfigurationException(SECRET, "must be at least " + VerificationKey.SharedSecret.MIN_BYTES
                    + " bytes for HS256, but has " + bytes.length);
        }
        return new VerificationKey.SharedSecret(bytes);
    }

    private static VerificationKey pemKey(String location) {
        String pem;
        try {
            pem = Files.readString(Path.of(location), StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            throw new ConfigurationException(PUBLIC_KEY, "cannot read PEM file '" + location + "': " + e.getMessage(), e);
        }
        PublicKey key = PemPublicKeys.parse(pem).orElseThrow(() -> new ConfigurationException(PUBLIC_KEY,
                "'" + location + "' holds no PEM public key (-----BEGIN PUBLIC KEY-----)"));
        if (key instanceof RSAPublicKey rsa) {
            return new VerificationKey.PemPublicKey(location, new RSAKey.Builder(rsa).build(), JWSAlgorithm.RS256);
        }
        if (key instanceof ECPublicKey ec && Curve.P_256.equals(Curve.forECParameterSpec(ec.getParams()))) {
            return new VerificationKey.PemPublicKey(location, new ECKey.Builder(Curve.P_256, ec).build(), JWSAlgorithm.ES256);
        }
        throw new ConfigurationException(PUBLIC_KEY, "'" + location + "' must hold an RSA or P-256 EC public key, but holds "
                + key.getAlgorithm() + (key instanceof ECPublicKey ? " on another curve" : ""));
    }

    /** The settings as one log-safe line. */
    public String describe() {
        return "key=" + key.describe() + ", issuer=" + issuer.orElse("(any)") + ", audience=" + audience.orElse("(any)")
                + ", clockSkew=" + clockSkew.toSeconds() + "s, expiryNotice=" + expiryNotice.toMillis() + "ms, devTokens="
                + devTokens;
    }
}
