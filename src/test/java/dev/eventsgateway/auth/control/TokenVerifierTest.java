package dev.eventsgateway.auth.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.CachingJWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSetBasedJWKSource;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSetSourceWrapper;
import com.nimbusds.jose.jwk.source.RefreshAheadCachingJWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.eventsgateway.auth.entity.Caller;
import dev.eventsgateway.auth.entity.RoomGrants;
import dev.eventsgateway.auth.entity.TokenLifetime;
import dev.eventsgateway.configuration.Environment;
import dev.eventsgateway.metrics.control.GatewayMetrics;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenVerifierTest {

    private static final String SECRET = "an-hs256-test-secret-of-more-than-32-bytes";
    private static final String OTHER_SECRET = "another-hs256-secret-of-more-than-32-bytes";

    private static RSAKey rsa;
    private static ECKey ec;

    @TempDir
    Path dir;

    private HttpServer jwksServer;
    private final AtomicInteger jwksFetches = new AtomicInteger();

    @BeforeAll
    static void generateKeys() throws JOSEException {
        rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
    }

    @AfterEach
    void stopJwksServer() {
        if (jwksServer != null) {
            jwksServer.stop(0);
        }
    }

    // --- settings and tokens -------------------------------------------------------------------------------------

    private static AuthSettings secretSettings(Map<String, String> more) {
        Map<String, String> values = new HashMap<>(more);
        values.put(AuthSettings.SECRET, SECRET);
        return AuthSettings.from(Environment.of(values));
    }

    private static AuthSettings secretSettings() {
        return secretSettings(Map.of());
    }

    private static AuthSettings keySettings(VerificationKey key) {
        return new AuthSettings(key, Optional.empty(), Optional.empty(), Duration.ofSeconds(30), Duration.ofSeconds(60),
                false);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    private static JWTClaimsSet.Builder validClaims() {
        Instant now = now();
        return new JWTClaimsSet.Builder()
                .subject("alice")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(3600)));
    }

    private static String sign(JWSSigner signer, JWSHeader header, JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    private static String hs256(JWTClaimsSet claims) throws JOSEException {
        return hs256(SECRET, claims);
    }

    private static String hs256(String secret, JWTClaimsSet claims) throws JOSEException {
        return sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)), new JWSHeader(JWSAlgorithm.HS256), claims);
    }

    private static String rs256(RSAKey key, String kid, JWTClaimsSet claims) throws JOSEException {
        return sign(new RSASSASigner(key), new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(), claims);
    }

    private static String es256(ECKey key, String kid, JWTClaimsSet claims) throws JOSEException {
        return sign(new ECDSASigner(key), new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid).build(), claims);
    }

    private static InvalidTokenException rejected(AuthSettings settings, String token) {
        return assertThrows(InvalidTokenException.class, () -> new TokenVerifier(settings).verify(token));
    }

    private Path pem(String name, PublicKey key) throws IOException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
        Path file = dir.resolve(name);
        Files.writeString(file, "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n",
                StandardCharsets.US_ASCII);
        return file;
    }

    private URI serveJwks(JWKSet keys) throws IOException {
        return serveJwks(200, keys.toPublicJWKSet().toString());
    }

    private URI serveJwks(int status, String json) throws IOException {
        return serveJwks(status, json, Duration.ZERO);
    }

    /** A JWKS endpoint that answers only after {@code delay}, as a busy identity provider does. */
    private URI serveJwks(int status, String json, Duration delay) throws IOException {
        jwksServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        jwksServer.createContext("/jwks.json", exchange -> {
            jwksFetches.incrementAndGet();
            try {
                // Nothing ever counts this down: the await is the endpoint's slowness.
                new CountDownLatch(1).await(delay.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        jwksServer.start();
        return URI.create("http://127.0.0.1:" + jwksServer.getAddress().getPort() + "/jwks.json");
    }

    // --- HS256 ---------------------------------------------------------------------------------------------------

    @Test
    void acceptsAValidHs256Token() throws Exception {
        Instant exp = now().plusSeconds(600);
        String token = hs256(validClaims().expirationTime(Date.from(exp)).build());

        Caller caller = new TokenVerifier(secretSettings()).verify(token);

        assertEquals("alice", caller.userId());
        assertEquals(exp, caller.expiresAt());
        assertEquals(RoomGrants.everyRoom(), caller.rooms());
        assertEquals(Set.of(), caller.roles());
    }

    @Test
    void lifetimeNoticesTheConfiguredTimeAheadAndClosesAtExpiryPlusTheClockSkew() throws Exception {
        Instant exp = now().plusSeconds(600);
        TokenVerifier verifier = new TokenVerifier(secretSettings());
        Caller caller = verifier.verify(hs256(validClaims().expirationTime(Date.from(exp)).build()));

        assertEquals(new TokenLifetime(exp, exp.minusSeconds(60), exp.plusSeconds(30)), verifier.lifetime(caller));
    }

    @Test
    void rejectsAnExpiredToken() throws Exception {
        String token = hs256(validClaims().issueTime(Date.from(now().minusSeconds(600)))
                .expirationTime(Date.from(now().minusSeconds(120))).build());

        assertEquals("Expired JWT", rejected(secretSettings(), token).getMessage());
    }

    @Test
    void acceptsATokenExpiredWithinTheClockSkew() throws Exception {
        String token = hs256(validClaims().issueTime(Date.from(now().minusSeconds(600)))
                .expirationTime(Date.from(now().minusSeconds(10))).build());

        assertEquals("alice", new TokenVerifier(secretSettings()).verify(token).userId());
    }

    @Test
    void rejectsATokenExpiredTenSecondsAgoWithoutClockSkew() throws Exception {
        String token = hs256(validClaims().issueTime(Date.from(now().minusSeconds(600)))
                .expirationTime(Date.from(now().minusSeconds(10))).build());

        AuthSettings noSkew = secretSettings(Map.of(AuthSettings.CLOCK_SKEW, "0"));

        assertEquals("Expired JWT", rejected(noSkew, token).getMessage());
    }

    @Test
    void rejectsATokenNotValidBeforeAFutureTime() throws Exception {
        String token = hs256(validClaims().notBeforeTime(Date.from(now().plusSeconds(120))).build());

        assertEquals("JWT before use time", rejected(secretSettings(), token).getMessage());
    }

    @Test
    void acceptsANotBeforeWithinTheClockSkew() throws Exception {
        String token = hs256(validClaims().notBeforeTime(Date.from(now().plusSeconds(10))).build());

        assertEquals("alice", new TokenVerifier(secretSettings()).verify(token).userId());
    }

    @Test
    void rejectsATokenIssuedInTheFuture() throws Exception {
        Instant now = now();
        String token = hs256(validClaims().issueTime(Date.from(now.plusSeconds(120))).build());
        TokenVerifier verifier = new TokenVerifier(secretSettings(), Clock.fixed(now, ZoneOffset.UTC));

        var e = assertThrows(InvalidTokenException.class, () -> verifier.verify(token));

        assertEquals("iat in the future", e.getMessage());
    }

    @Test
    void acceptsAnIssueTimeWithinTheClockSkew() throws Exception {
        Instant now = now();
        String token = hs256(validClaims().issueTime(Date.from(now.plusSeconds(10))).build());
        TokenVerifier verifier = new TokenVerifier(secretSettings(), Clock.fixed(now, ZoneOffset.UTC));

        assertEquals("alice", verifier.verify(token).userId());
    }

    @Test
    void judgesTheIssueTimeByTheGivenClock() throws Exception {
        Instant now = now();
        String token = hs256(validClaims().issueTime(Date.from(now)).build());
        TokenVerifier lateClock = new TokenVerifier(secretSettings(), Clock.fixed(now.minusSeconds(31), ZoneOffset.UTC));
        TokenVerifier edgeClock = new TokenVerifier(secretSettings(), Clock.fixed(now.minusSeconds(30), ZoneOffset.UTC));

        assertEquals("iat in the future", assertThrows(InvalidTokenException.class, () -> lateClock.verify(token))
                .getMessage());
        assertEquals("alice", edgeClock.verify(token).userId());
    }

    @Test
    void rejectsATokenWithoutSub() throws Exception {
        String token = hs256(validClaims().subject(null).build());

        assertEquals("JWT missing required claims: [sub]", rejected(secretSettings(), token).getMessage());
    }

    @Test
    void rejectsATokenWithABlankSub() throws Exception {
        assertEquals("blank sub claim", rejected(secretSettings(), hs256(validClaims().subject("  ").build()))
                .getMessage());
        assertEquals("blank sub claim", rejected(secretSettings(), hs256(validClaims().subject("").build()))
                .getMessage());
    }

    @Test
    void rejectsATokenWithoutExp() throws Exception {
        String token = hs256(validClaims().expirationTime(null).build());

        assertEquals("JWT missing required claims: [exp]", rejected(secretSettings(), token).getMessage());
    }

    @Test
    void rejectsTokenSignedWithAnotherSecret() throws Exception {
        String token = hs256(OTHER_SECRET, validClaims().build());

        assertEquals("Signed JWT rejected: Invalid signature", rejected(secretSettings(), token).getMessage());
    }

    @Test
    void rejectsAnUnsecuredToken() {
        String token = new PlainJWT(validClaims().build()).serialize();
        assertTrue(token.endsWith("."), token);

        assertEquals("Unsecured (plain) JWTs are rejected, extend class to handle", rejected(secretSettings(), token).getMessage());
    }

    @Test
    void rejectsAnHs256TokenWithItsSignatureStrippedAndAlgNone() throws Exception {
        String signed = hs256(validClaims().build());
        String[] parts = signed.split("\\.");
        String noneHeader = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));

        InvalidTokenException e = rejected(secretSettings(), noneHeader + "." + parts[1] + ".");

        assertEquals("Unsecured (plain) JWTs are rejected, extend class to handle", e.getMessage());
    }

    @Test
    void rejectsAnHs512TokenWhenHs256IsConfigured() throws Exception {
        byte[] longSecret = (SECRET + SECRET).getBytes(StandardCharsets.UTF_8);
        String token = sign(new MACSigner(longSecret), new JWSHeader(JWSAlgorithm.HS512), validClaims().build());
        AuthSettings settings = AuthSettings.from(Environment.of(Map.of(AuthSettings.SECRET, SECRET + SECRET)));

        assertEquals("Signed JWT rejected: Another algorithm expected, or no matching key(s) found",
                rejected(settings, token).getMessage());
    }

    @Test
    void rejectsAnRs256TokenWhenHs256IsConfigured() throws Exception {
        String token = rs256(rsa, "rsa-1", validClaims().build());

        assertEquals("Signed JWT rejected: Another algorithm expected, or no matching key(s) found",
                rejected(secretSettings(), token).getMessage());
    }

    // --- issuer and audience -------------------------------------------------------------------------------------

    @Test
    void acceptsAnyIssuerAndAudienceWhenNoneIsConfigured() throws Exception {
        String token = hs256(validClaims().issuer("https://anyone.example").audience("whoever").build());

        assertEquals("alice", new TokenVerifier(secretSettings()).verify(token).userId());
    }

    @Test
    void acceptsTheConfiguredIssuer() throws Exception {
        AuthSettings settings = secretSettings(Map.of(AuthSettings.ISSUER, "https://issuer.example"));

        String token = hs256(validClaims().issuer("https://issuer.example").build());

        assertEquals("alice", new TokenVerifier(settings).verify(token).userId());
    }

    @Test
    void rejectsAnotherIssuerWhenOneIsConfigured() throws Exception {
        AuthSettings settings = secretSettings(Map.of(AuthSettings.ISSUER, "https://issuer.example"));

        assertEquals("JWT iss claim value rejected",
                rejected(settings, hs256(validClaims().issuer("https://evil.example").build())).getMessage());
        assertEquals("JWT missing required claims: [iss]", rejected(settings, hs256(validClaims().build())).getMessage());
    }

    @Test
    void acceptsTheConfiguredAudience() throws Exception {
        AuthSettings settings = secretSettings(Map.of(AuthSettings.AUDIENCE, "events"));

        assertEquals("alice", new TokenVerifier(settings).verify(hs256(validClaims().audience("events").build()))
                .userId());
        assertEquals("alice", new TokenVerifier(settings)
                .verify(hs256(validClaims().audience(List.of("other", "events")).build())).userId());
    }

    @Test
    void rejectsAnotherAudienceWhenOneIsConfigured() throws Exception {
        AuthSettings settings = secretSettings(Map.of(AuthSettings.AUDIENCE, "events"));

        assertEquals("JWT aud claim rejected",
                rejected(settings, hs256(validClaims().audience("billing").build())).getMessage());
        assertEquals("JWT missing required aud claim", rejected(settings, hs256(validClaims().build())).getMessage());
    }

    // --- malformed and oversized ---------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"abc", "a.b.c", "a.b", "....", "eyJhbGciOiJIUzI1NiJ9.e30.", "eyJhbGciOiJIUzI1NiJ9.!!!.sig",
            "eyJ9.eyJ9.eyJ9", "bm90IGpzb24.bm90IGpzb24.c2ln", "Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2ln"})
    void rejectsMalformedTokens(String token) {
        rejected(secretSettings(), token);
    }

    @Test
    void rejectsAMissingOrBlankToken() {
        assertEquals("no token", rejected(secretSettings(), null).getMessage());
        assertEquals("no token", rejected(secretSettings(), "").getMessage());
        assertEquals("no token", rejected(secretSettings(), "   ").getMessage());
    }

    @Test
    void rejectsAValidlySignedTokenLongerThanTheCap() throws Exception {
        String token = hs256(validClaims().claim("padding", "x".repeat(TokenVerifier.MAX_TOKEN_LENGTH)).build());
        assertTrue(token.length() > TokenVerifier.MAX_TOKEN_LENGTH);

        assertEquals("token longer than 16384 characters", rejected(secretSettings(), token).getMessage());
    }

    @Test
    void acceptsAValidTokenJustBelowTheCap() throws Exception {
        String token = hs256(validClaims().claim("padding", "x".repeat(TokenVerifier.MAX_TOKEN_LENGTH * 3 / 4 - 200))
                .build());
        assertTrue(token.length() <= TokenVerifier.MAX_TOKEN_LENGTH && token.length() > TokenVerifier.MAX_TOKEN_LENGTH - 300,
                "token of " + token.length() + " characters");

        assertEquals("alice", new TokenVerifier(secretSettings()).verify(token).userId());
    }

    // --- rooms and roles -----------------------------------------------------------------------------------------

    @Test
    void mapsRoomsAndRolesIntoTheCaller() throws Exception {
        String token = hs256(validClaims().claim("rooms", List.of("chat", "team-*"))
                .claim("roles", List.of("admin", "auditor")).build());

        Caller caller = new TokenVerifier(secretSettings()).verify(token);

        assertEquals(new RoomGrants(false, Set.of("chat"), List.of("team-")), caller.rooms());
        assertEquals(Set.of("admin", "auditor"), caller.roles());
        assertTrue(caller.isAdmin());
    }

    @Test
    void emptyRoomsClaimGrantsNoRoom() throws Exception {
        String token = hs256(validClaims().claim("rooms", List.of()).build());

        Caller caller = new TokenVerifier(secretSettings()).verify(token);

        assertEquals(new RoomGrants(false, Set.of(), List.of()), caller.rooms());
    }

    @Test
    void rejectsARoomsClaimThatIsAString() throws Exception {
        String token = hs256(validClaims().claim("rooms", "chat").build());

        assertEquals("rooms and roles claims must be arrays of strings", rejected(secretSettings(), token).getMessage());
    }

    @Test
    void rejectsARoomsClaimOfNumbers() throws Exception {
        String token = hs256(validClaims().claim("rooms", List.of(1, 2)).build());

        assertEquals("rooms and roles claims must be arrays of strings", rejected(secretSettings(), token).getMessage());
    }

    @Test
    void rejectsARolesClaimThatIsAString() throws Exception {
        String token = hs256(validClaims().claim("roles", "admin").build());

        assertEquals("rooms and roles claims must be arrays of strings", rejected(secretSettings(), token).getMessage());
    }

    @Test
    void rejectsARolesClaimOfNumbers() throws Exception {
        String token = hs256(validClaims().claim("roles", List.of(1)).build());

        assertEquals("rooms and roles claims must be arrays of strings", rejected(secretSettings(), token).getMessage());
    }

    @Test
    void rejectsARoomsClaimHoldingNull() throws Exception {
        String token = hs256(validClaims().claim("rooms", java.util.Arrays.asList("chat", null)).build());

        rejected(secretSettings(), token);
    }

    @Test
    void rejectsARolesClaimHoldingNull() throws Exception {
        String token = hs256(validClaims().claim("roles", java.util.Arrays.asList("admin", null)).build());

        rejected(secretSettings(), token);
    }

    // --- RS256 and ES256 public keys -----------------------------------------------------------------------------

    @Test
    void acceptsAnRs256TokenForAConfiguredRsaKey() throws Exception {
        AuthSettings settings = keySettings(new VerificationKey.PemPublicKey("test", rsa.toPublicJWK(), JWSAlgorithm.RS256));

        assertEquals("alice", new TokenVerifier(settings).verify(rs256(rsa, null, validClaims().build())).userId());
    }

    @Test
    void acceptsAnEs256TokenForAConfiguredEcKey() throws Exception {
        AuthSettings settings = keySettings(new VerificationKey.PemPublicKey("test", ec.toPublicJWK(), JWSAlgorithm.ES256));

        assertEquals("alice", new TokenVerifier(settings).verify(es256(ec, null, validClaims().build())).userId());
    }

    @Test
    void rejectsAnRs256TokenSignedWithAnotherRsaKey() throws Exception {
        RSAKey other = new RSAKeyGenerator(2048).generate();
        AuthSettings settings = keySettings(new VerificationKey.PemPublicKey("test", rsa.toPublicJWK(), JWSAlgorithm.RS256));

        assertEquals("Signed JWT rejected: Invalid signature",
                rejected(settings, rs256(other, null, validClaims().build())).getMessage());
    }

    @Test
    void rejectsAnHs256TokenSignedWithTheRsaPublicKeyBytes() throws Exception {
        AuthSettings settings = keySettings(new VerificationKey.PemPublicKey("test", rsa.toPublicJWK(), JWSAlgorithm.RS256));
        String token = sign(new MACSigner(rsa.toPublicKey().getEncoded()), new JWSHeader(JWSAlgorithm.HS256),
                validClaims().build());

        assertEquals("Signed JWT rejected: Another algorithm expected, or no matching key(s) found",
                rejected(settings, token).getMessage());
    }

    @Test
    void rejectsAnEs256TokenWhenAnRsaKeyIsConfigured() throws Exception {
        AuthSettings settings = keySettings(new VerificationKey.PemPublicKey("test", rsa.toPublicJWK(), JWSAlgorithm.RS256));

        assertEquals("Signed JWT rejected: Another algorithm expected, or no matching key(s) found",
                rejected(settings, es256(ec, null, validClaims().build())).getMessage());
    }

    @Test
    void acceptsAnRs256TokenForAPemFile() throws Exception {
        Path file = pem("rsa.pem", rsa.toPublicKey());
        AuthSettings settings = AuthSettings.from(Environment.of(Map.of(AuthSettings.PUBLIC_KEY, file.toString())));

        assertEquals("alice", new TokenVerifier(settings).verify(rs256(rsa, null, validClaims().build())).userId());
    }

    @Test
    void acceptsAnEs256TokenForAPemFile() throws Exception {
        Path file = pem("ec.pem", ec.toPublicKey());
        AuthSettings settings = AuthSettings.from(Environment.of(Map.of(AuthSettings.PUBLIC_KEY, file.toString())));

        assertEquals("alice", new TokenVerifier(settings).verify(es256(ec, null, validClaims().build())).userId());
    }

    @Test
    void acceptsTokensNamingAKidForAPemFile() throws Exception {
        AuthSettings rsaSettings = AuthSettings.from(Environment.of(Map.of(AuthSettings.PUBLIC_KEY,
                pem("rsa.pem", rsa.toPublicKey()).toString())));
        AuthSettings ecSettings = AuthSettings.from(Environment.of(Map.of(AuthSettings.PUBLIC_KEY,
                pem("ec.pem", ec.toPublicKey()).toString())));

        assertEquals("alice", new TokenVerifier(rsaSettings).verify(rs256(rsa, "rsa-1", validClaims().build())).userId());
        assertEquals("alice", new TokenVerifier(ecSettings).verify(es256(ec, "any-kid", validClaims().build())).userId());
        assertEquals("Signed JWT rejected: Another algorithm expected, or no matching key(s) found",
                rejected(rsaSettings, es256(ec, "rsa-1", validClaims().build())).getMessage());
    }

    @Test
    void rejectsAnHs256TokenSignedWithThePemFilesBytes() throws Exception {
        Path file = pem("rsa.pem", rsa.toPublicKey());
        AuthSettings settings = AuthSettings.from(Environment.of(Map.of(AuthSettings.PUBLIC_KEY, file.toString())));
        String token = sign(new MACSigner(Files.readAllBytes(file)), new JWSHeader(JWSAlgorithm.HS256),
                validClaims().build());

        assertEquals("Signed JWT rejected: Another algorithm expected, or no matching key(s) found",
                rejected(settings, token).getMessage());
    }

    // --- JWKS ----------------------------------------------------------------------------------------------------

    @Test
    void jwksKeysAreCachedWithoutARefreshAheadExecutorThatWouldOutliveUndeploy() throws Exception {
        URI url = serveJwks(new JWKSet(List.of(rsa)));
        TokenVerifier verifier = new TokenVerifier(keySettings(new VerificationKey.JwksUrl(url)));
        verifier.verify(rs256(rsa, "rsa-1", validClaims().build()));

        List<JWKSetSource<SecurityContext>> chain = new ArrayList<>();
        JWKSetSource<SecurityContext> source = ((JWKSetBasedJWKSource<SecurityContext>) verifier.keySource())
                .getJWKSetSource();
        chain.add(source);
        while (source instanceof JWKSetSourceWrapper<SecurityContext> wrapper) {
            source = wrapper.getSource();
            chain.add(source);
        }

        assertTrue(chain.stream().anyMatch(CachingJWKSetSource.class::isInstance), "keys are cached: " + chain);
        assertTrue(chain.stream().noneMatch(RefreshAheadCachingJWKSetSource.class::isInstance),
                "refresh-ahead runs on an executor of its own: " + chain);
        verifier.close();
        assertEquals(1, jwksFetches.get());
    }

    @Test
    void acceptsRs256AndEs256TokensByKidFromAJwksUrl() throws Exception {
        URI url = serveJwks(new JWKSet(List.of(rsa, ec)));
        TokenVerifier verifier = new TokenVerifier(keySettings(new VerificationKey.JwksUrl(url)));

        assertEquals("alice", verifier.verify(rs256(rsa, "rsa-1", validClaims().build())).userId());
        assertEquals("bob", verifier.verify(es256(ec, "ec-1", validClaims().subject("bob").build())).userId());
        assertEquals(1, jwksFetches.get());
    }

    @Test
    void rejectsATokenWhoseKidIsNotInTheJwks() throws Exception {
        URI url = serveJwks(new JWKSet(List.of(rsa, ec)));
        TokenVerifier verifier = new TokenVerifier(keySettings(new VerificationKey.JwksUrl(url)));

        assertThrows(InvalidTokenException.class, () -> verifier.verify(rs256(rsa, "unknown", validClaims().build())));
    }

    @Test
    void rejectsATokenSignedByAnotherKeyUnderAKnownKid() throws Exception {
        RSAKey impostor = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        URI url = serveJwks(new JWKSet(List.of(rsa)));
        TokenVerifier verifier = new TokenVerifier(keySettings(new VerificationKey.JwksUrl(url)));

        var e = assertThrows(InvalidTokenException.class,
                () -> verifier.verify(rs256(impostor, "rsa-1", validClaims().build())));

        assertEquals("Signed JWT rejected: Invalid signature", e.getMessage());
    }

    @Test
    void unknownKidsCauseOnlyABoundedNumberOfJwksFetches() throws Exception {
        URI url = serveJwks(new JWKSet(List.of(rsa, ec)));
        TokenVerifier verifier = new TokenVerifier(keySettings(new VerificationKey.JwksUrl(url)));
        verifier.verify(rs256(rsa, "rsa-1", validClaims().build()));

        for (int i = 0; i < 50; i++) {
            String token = rs256(rsa, "unknown-" + i, validClaims().build());
            assertThrows(InvalidTokenException.class, () -> verifier.verify(token));
        }

        int fetches = jwksFetches.get();
        assertTrue(fetches >= 1 && fetches <= 2, "JWKS fetched " + fetches + " times");
        assertEquals("alice", verifier.verify(rs256(rsa, "rsa-1", validClaims().build())).userId());
        assertEquals(fetches, jwksFetches.get());
    }

    @Test
    void everyJwksFetchIsCountedAndNoneAsFailedWhenTheKeysArrive() throws Exception {
        URI url = serveJwks(new JWKSet(List.of(rsa, ec)));
        GatewayMetrics metrics = new GatewayMetrics();
        TokenVerifier verifier = new TokenVerifier(keySettings(new VerificationKey.JwksUrl(url)), Clock.systemUTC(),
                metrics);

        verifier.verify(rs256(rsa, "rsa-1", validClaims().build()));
        assertThrows(InvalidTokenException.class, () -> verifier.verify(rs256(rsa, "unknown", validClaims().build())));

        assertEquals(jwksFetches.get(), metrics.jwksFetches(), "as many as the JWKS server answered");
        assertTrue(metrics.jwksFetches() >= 1);
        assertEquals(0, metrics.jwksFailures());
    }

    @Test
    void aJwksFetchAnsweredWithAnHttpErrorCountsAsFailed() throws Exception {
        URI url = serveJwks(503, "{\"error\":\"unavailable\"}");
        GatewayMetrics metrics = new GatewayMetrics();
        TokenVerifier verifier = new TokenVerifier(keySettings(new VerificationKey.JwksUrl(url)), Clock.systemUTC(),
                metrics);

        assertThrows(InvalidTokenException.class, () -> verifier.verify(rs256(rsa, "rsa-1", validClaims().build())));

        assertEquals(jwksFetches.get(), metrics.jwksFetches());
        assertEquals(metrics.jwksFetches(), metrics.jwksFailures());
        assertTrue(metrics.jwksFailures() >= 1);
    }

    @Test
    void aJwksSlowerThanNimbusDefaultButWithinTheFetchTimeoutVerifies() throws Exception {
        URI url = serveJwks(200, new JWKSet(List.of(rsa)).toPublicJWKSet().toString(), Duration.ofMillis(800));
        TokenVerifier verifier = new TokenVerifier(keySettings(new VerificationKey.JwksUrl(url)));

        assertEquals("alice", verifier.verify(rs256(rsa, "rsa-1", validClaims().build())).userId());
        verifier.close();
    }

    @Test
    void aJwksSlowerThanTheFetchTimeoutRefusesTheTokenAsAFailedFetch() throws Exception {
        URI url = serveJwks(200, new JWKSet(List.of(rsa)).toPublicJWKSet().toString(), Duration.ofMillis(1500));
        GatewayMetrics metrics = new GatewayMetrics();
        TokenVerifier verifier = new TokenVerifier(keySettings(new VerificationKey.JwksUrl(url,
                Duration.ofMillis(200))), Clock.systemUTC(), metrics);

        assertThrows(InvalidTokenException.class, () -> verifier.verify(rs256(rsa, "rsa-1", validClaims().build())));
        assertTrue(metrics.jwksFailures() >= 1);
        verifier.close();
    }

    @Test
    void anUnreachableJwksCountsAsAFailedFetch() throws Exception {
        URI url = serveJwks(new JWKSet(List.of(rsa)));
        jwksServer.stop(0);
        GatewayMetrics metrics = new GatewayMetrics();
        TokenVerifier verifier = new TokenVerifier(keySettings(new VerificationKey.JwksUrl(url)), Clock.systemUTC(),
                metrics);

        assertThrows(InvalidTokenException.class, () -> verifier.verify(rs256(rsa, "rsa-1", validClaims().build())));

        assertTrue(metrics.jwksFetches() >= 1);
        assertEquals(metrics.jwksFetches(), metrics.jwksFailures());
    }

    // --- attacks -------------------------------------------------------------------------------------------------

    @Test
    void rejectsAHundredKilobyteTokenBeforeParsingIt() throws Exception {
        String token = hs256(validClaims().claim("padding", "x".repeat(100 * 1024)).build());
        assertTrue(token.length() > 100 * 1024);

        assertEquals("token longer than 16384 characters", rejected(secretSettings(), token).getMessage());
    }

    @Test
    void rejectsDeeplyNestedClaimsWithinTheSizeCap() throws Exception {
        int depth = 5000;
        String payload = "{\"sub\":\"alice\",\"exp\":" + now().plusSeconds(600).getEpochSecond() + ",\"deep\":"
                + "[".repeat(depth) + "]".repeat(depth) + "}";
        String token = signRaw("{\"alg\":\"HS256\"}", payload, SECRET.getBytes(StandardCharsets.UTF_8));
        assertTrue(token.length() <= TokenVerifier.MAX_TOKEN_LENGTH, "token of " + token.length());

        rejected(secretSettings(), token);
    }

    @Test
    void rejectsADeeplyNestedHeader() {
        int depth = 5000;
        String header = "{\"alg\":\"HS256\",\"x\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
        String token = base64Url(header) + "." + base64Url("{\"sub\":\"alice\"}") + ".c2ln";
        assertTrue(token.length() <= TokenVerifier.MAX_TOKEN_LENGTH, "token of " + token.length());

        rejected(secretSettings(), token);
    }

    @Test
    void rejectsRoomsAndRolesClaimsOfTheWrongShape() throws Exception {
        for (Object odd : List.of(Map.of("chat", true), 42, true, List.of(List.of("chat")), List.of(Map.of("a", 1)))) {
            assertEquals("rooms and roles claims must be arrays of strings",
                    rejected(secretSettings(), hs256(validClaims().claim("rooms", odd).build())).getMessage(),
                    "rooms " + odd);
            assertEquals("rooms and roles claims must be arrays of strings",
                    rejected(secretSettings(), hs256(validClaims().claim("roles", odd).build())).getMessage(),
                    "roles " + odd);
        }
    }

    @Test
    void rejectsAnHs256TokenSignedWithTheRsaPublicKeyOfAJwks() throws Exception {
        URI url = serveJwks(new JWKSet(List.of(rsa, ec)));
        TokenVerifier verifier = new TokenVerifier(keySettings(new VerificationKey.JwksUrl(url)));
        for (byte[] publicBytes : List.of(rsa.toPublicKey().getEncoded(), rsa.toPublicJWK().toJSONString()
                .getBytes(StandardCharsets.UTF_8), rsa.getModulus().decode())) {
            String token = sign(new MACSigner(publicBytes), new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("rsa-1")
                    .build(), validClaims().build());

            var e = assertThrows(InvalidTokenException.class, () -> verifier.verify(token));

            assertEquals("Signed JWT rejected: Another algorithm expected, or no matching key(s) found", e.getMessage());
        }
    }

    @Test
    void rejectsAnUnsecuredTokenWithAKnownKidFromAJwks() throws Exception {
        URI url = serveJwks(new JWKSet(List.of(rsa)));
        TokenVerifier verifier = new TokenVerifier(keySettings(new VerificationKey.JwksUrl(url)));
        String token = base64Url("{\"alg\":\"none\",\"kid\":\"rsa-1\"}") + "."
                + base64Url(validClaims().build().toString()) + ".";

        var e = assertThrows(InvalidTokenException.class, () -> verifier.verify(token));

        assertEquals("Unsecured (plain) JWTs are rejected, extend class to handle", e.getMessage());
    }

    @Test
    void rejectsRsaAlgorithmsThatAreNotPinnedEvenWithAKnownKey() throws Exception {
        URI url = serveJwks(new JWKSet(List.of(rsa)));
        TokenVerifier verifier = new TokenVerifier(keySettings(new VerificationKey.JwksUrl(url)));
        for (JWSAlgorithm algorithm : List.of(JWSAlgorithm.RS512, JWSAlgorithm.PS256)) {
            String token = sign(new RSASSASigner(rsa), new JWSHeader.Builder(algorithm).keyID("rsa-1").build(),
                    validClaims().build());

            var e = assertThrows(InvalidTokenException.class, () -> verifier.verify(token));

            assertEquals("Signed JWT rejected: Another algorithm expected, or no matching key(s) found", e.getMessage(),
                    algorithm.getName());
        }
    }

    @Test
    void aConcurrentStormOfUnknownKidsFetchesTheJwksOnlyOnceOrTwice() throws Exception {
        URI url = serveJwks(new JWKSet(List.of(rsa, ec)));
        TokenVerifier verifier = new TokenVerifier(keySettings(new VerificationKey.JwksUrl(url)));
        verifier.verify(rs256(rsa, "rsa-1", validClaims().build()));
        List<String> tokens = new java.util.ArrayList<>();
        for (int i = 0; i < 400; i++) {
            tokens.add(rs256(rsa, "storm-" + i, validClaims().build()));
        }
        var pool = java.util.concurrent.Executors.newFixedThreadPool(32);
        try {
            List<java.util.concurrent.Future<Boolean>> outcomes = new java.util.ArrayList<>();
            for (String token : tokens) {
                outcomes.add(pool.submit(() -> {
                    try {
                        verifier.verify(token);
                        return false;
                    } catch (InvalidTokenException e) {
                        return true;
                    }
                }));
            }
            for (var outcome : outcomes) {
                assertTrue(outcome.get(30, java.util.concurrent.TimeUnit.SECONDS), "refused as invalid credentials");
            }
        } finally {
            pool.shutdownNow();
        }

        int fetches = jwksFetches.get();
        assertTrue(fetches >= 1 && fetches <= 2, "400 unknown kids fetched the JWKS " + fetches + " times");
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** Signs header and payload exactly as given, so that JSON no library would write can be tested. */
    private static String signRaw(String header, String payload, byte[] secret) throws Exception {
        String signingInput = base64Url(header) + "." + base64Url(payload);
        var mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(secret, "HmacSHA256"));
        return signingInput + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    }
}
