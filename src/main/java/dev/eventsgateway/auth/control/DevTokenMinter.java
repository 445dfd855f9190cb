package dev.eventsgateway.auth.control;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;

/** Signs development tokens with the configured HS256 secret, for the demo console and local tries. */
@ApplicationScoped
public class DevTokenMinter {

    public static final long DEFAULT_TTL_SECONDS = 3600;
    static final long MAX_TTL_SECONDS = 86_400;
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    private AuthSettings settings;
    private Clock clock;

    protected DevTokenMinter() {
        // for the CDI proxy
    }

    @Inject
    public DevTokenMinter(AuthSettings settings) {
        this(settings, Clock.systemUTC());
    }

    public DevTokenMinter(AuthSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * @param rooms null for every room
     * @throws IllegalArgumentException for a bad user name or lifetime
     * @throws IllegalStateException    when development tokens are not enabled
     */
    public String mint(String user, List<String> roles, List<String> rooms, long ttlSeconds) {
        if (!settings.devTokens() || !(settings.key() instanceof VerificationKey.SharedSecret secret)) {
            throw new IllegalStateException("development tokens are disabled");
        }
        if (user == null || !USER.matcher(user).matches()) {
            throw new IllegalArgumentException("user must be 1 to 64 characters from A-Z a-z 0-9 . _ @ -");
        }
        if (ttlSeconds < 1 || ttlSeconds > MAX_TTL_SECONDS) {
            throw new IllegalArgumentException("ttl must be between 1 and " + MAX_TTL_SECONDS + " seconds");
        }
        Instant now = clock.instant();
        var claims = new JWTClaimsSet.Builder()
                .subject(user)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(ttlSeconds)))
                .claim("roles", roles);
        settings.issuer().ifPresent(claims::issuer);
        settings.audience().ifPresent(claims::audience);
        if (rooms != null) {
            claims.claim("rooms", rooms);
        }
        var jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        try {
            jwt.sign(new MACSigner(secret.secret()));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a development token", e);
        }
        return jwt.serialize();
    }
}
