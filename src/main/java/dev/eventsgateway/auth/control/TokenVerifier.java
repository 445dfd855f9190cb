package dev.eventsgateway.auth.control;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimNames;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.eventsgateway.auth.entity.Caller;
import dev.eventsgateway.auth.entity.RoomGrants;
import dev.eventsgateway.auth.entity.TokenLifetime;
import dev.eventsgateway.metrics.control.GatewayMetrics;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Turns a bearer token into a {@link Caller}, or says precisely why it cannot. */
@ApplicationScoped
public class TokenVerifier {

    /** Generous for a JWT with a long rooms claim; a larger token is refused before it is parsed. */
    static final int MAX_TOKEN_LENGTH = 16 * 1024;
    private static final String ROOMS_CLAIM = "rooms";
    private static final String ROLES_CLAIM = "roles";

    private AuthSettings settings;
    private Clock clock;
    private JWKSource<SecurityContext> keySource;
    private ConfigurableJWTProcessor<SecurityContext> processor;

    protected TokenVerifier() {
        // for the CDI proxy
    }

    @Inject
    public TokenVerifier(AuthSettings settings, GatewayMetrics metrics) {
        this(settings, Clock.systemUTC(), metrics);
    }

    /** Counts its JWKS fetches into a metrics bean of its own. */
    public TokenVerifier(AuthSettings settings) {
        this(settings, new GatewayMetrics());
    }

    public TokenVerifier(AuthSettings settings, Clock clock) {
        this(settings, clock, new GatewayMetrics());
    }

    public TokenVerifier(AuthSettings settings, Clock clock, GatewayMetrics metrics) {
        this.settings = settings;
        this.clock = clock;
        this.keySource = keySource(settings.key(), metrics);
        this.processor = processor(settings, keySource);
    }

    /** @throws InvalidTokenException when the token is absent, malformed, wrongly signed or its claims do not hold */
    public Caller verify(String token) {
        if (token == null || token.isBlank()) {
            throw new InvalidTokenException("no token");
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw new InvalidTokenException("token longer than " + MAX_TOKEN_LENGTH + " characters");
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException e) {
            throw new InvalidTokenException("malformed token: " + e.getMessage(), e);
        } catch (BadJOSEException e) {
            throw new InvalidTokenException(e.getMessage(), e);
        } catch (JOSEException e) {
            throw new InvalidTokenException("signature not verifiable: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // Nimbus reports some malformed inputs (deeply nested JSON, odd encodings) as runtime exceptions.
            throw new InvalidTokenException("malformed token: " + e.getClass().getSimpleName(), e);
        }
        return caller(claims);
    }

    private Caller caller(JWTClaimsSet claims) {
        String subject = claims.getSubject();
        if (subject == null || subject.isBlank()) {
            throw new InvalidTokenException("blank sub claim");
        }
        Instant now = clock.instant();
        if (claims.getIssueTime() != null && claims.getIssueTime().toInstant().isAfter(now.plus(settings.clockSkew()))) {
            throw new InvalidTokenException("iat in the future");
        }
        try {
            List<String> rooms = stringList(claims, ROOMS_CLAIM);
            List<String> roles = stringList(claims, ROLES_CLAIM);
            return new Caller(subject,
                    rooms == null ? RoomGrants.everyRoom() : RoomGrants.of(rooms),
                    roles == null ? Set.of() : new HashSet<>(roles),
                    claims.getExpirationTime().toInstant());
        } catch (ParseException e) {
            throw new InvalidTokenException("rooms and roles claims must be arrays of strings", e);
        }
    }

    private static List<String> stringList(JWTClaimsSet claims, String name) throws ParseException {
        List<String> values = claims.getStringListClaim(name);
        if (values != null && values.contains(null)) {
            throw new InvalidTokenException(name + " claim holds null");
        }
        return values;
    }

    /** The algorithms a token may be signed with, as pinned by the configured key. */
    public Set<String> algorithms() {
        return settings.key().algorithms().stream().map(Object::toString).collect(Collectors.toSet());
    }

    /**
     * When a connection authenticated as this caller is told its token expires (the configured notice ahead of
     * expiry) and when it must be closed (expiry plus the allowed skew, as tokens are accepted).
     */
    public TokenLifetime lifetime(Caller caller) {
        Instant expiresAt = caller.expiresAt();
        return new TokenLifetime(expiresAt, expiresAt.minus(settings.expiryNotice()),
                expiresAt.plus(settings.clockSkew()));
    }

    /** The source of verification keys, for tests that check how JWKS keys are fetched. */
    JWKSource<SecurityContext> keySource() {
        return keySource;
    }

    /** Stops the JWKS source's caching; its fetches run on the calling thread, so no thread outlives this. */
    @PreDestroy
    public void close() {
        if (keySource instanceof Closeable closeable) {
            try {
                closeable.close();
            } catch (IOException e) {
                throw new UncheckedIOException("closing the JWKS source failed", e);
            }
        }
    }

    private static ConfigurableJWTProcessor<SecurityContext> processor(AuthSettings settings,
                                                                    JWKSource<SecurityContext> keySource) {
        var processor = new DefaultJWTProcessor<SecurityContext>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(settings.key().algorithms(), keySource));
        Set<String> required = new HashSet<>(Set.of(JWTClaimNames.SUBJECT, JWTClaimNames.EXPIRATION_TIME));
        var exact = new JWTClaimsSet.Builder();
        settings.issuer().ifPresent(issuer -> {
            exact.issuer(issuer);
            required.add(JWTClaimNames.ISSUER);
        });
        // Nimbus asks the set whether it contains null, which Set.of(..) answers with an exception.
        Set<String> audience = settings.audience().map(Collections::singleton).orElse(null);
        var claimsVerifier = new DefaultJWTClaimsVerifier<SecurityContext>(audience, exact.build(), required, null);
        claimsVerifier.setMaxClockSkew((int) settings.clockSkew().toSeconds());
        processor.setJWTClaimsSetVerifier(claimsVerifier);
        return processor;
    }

    private static JWKSource<SecurityContext> keySource(VerificationKey key, GatewayMetrics metrics) {
        if (key instanceof VerificationKey.SharedSecret shared) {
            return new ImmutableSecret<>(shared.secret());
        }
        if (key instanceof VerificationKey.PemPublicKey pem) {
            // A PEM key has no kid: it must match whatever kid a token names; the algorithm stays pinned by the selector.
            List<JWK> only = List.of(pem.key());
            return (selector, context) -> only;
        }
        var jwks = (VerificationKey.JwksUrl) key;
        try {
            // Cached for 5 min and refetched at most once per 30 s for unknown keys. Refresh-ahead is off: it runs
            // its refreshes on an executor of its own, a thread the container does not manage that outlives undeploy.
            return JWKSourceBuilder.<SecurityContext>create(jwks.url().toURL(), new CountedJwksRetriever(jwks.fetchTimeout(), metrics))
                    .refreshAheadCache(false).retrying(false).build();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("JWKS URL " + jwks.url(), e);
        }
    }
}
