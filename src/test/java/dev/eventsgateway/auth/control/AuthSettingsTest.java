package dev.eventsgateway.auth.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.eventsgateway.configuration.ConfigurationException;
import dev.eventsgateway.configuration.Environment;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuthSettingsTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    private static AuthSettings from(String... keysAndValues) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return AuthSettings.from(Environment.of(values));
    }

    private static ConfigurationException refused(String... keysAndValues) {
        return assertThrows(ConfigurationException.class, () -> from(keysAndValues));
    }

    private Path pem(PublicKey key) throws Exception {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
        Path file = Files.createTempFile(dir, "key", ".pem");
        Files.writeString(file, "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n");
        return file;
    }

    @Test
    void defaultsWithASharedSecret() {
        AuthSettings settings = from(AuthSettings.SECRET, SECRET);

        assertEquals(new VerificationKey.SharedSecret(SECRET.getBytes(StandardCharsets.UTF_8)), settings.key());
        assertEquals(Optional.empty(), settings.issuer());
        assertEquals(Optional.empty(), settings.audience());
        assertEquals(Duration.ofSeconds(30), settings.clockSkew());
        assertFalse(settings.devTokens());
    }

    @Test
    void readsIssuerAudienceSkewAndDevTokens() {
        AuthSettings settings = from(AuthSettings.SECRET, SECRET, AuthSettings.ISSUER, "https://issuer.example",
                AuthSettings.AUDIENCE, "events", AuthSettings.CLOCK_SKEW, "0", AuthSettings.DEV_TOKENS, "true");

        assertEquals(Optional.of("https://issuer.example"), settings.issuer());
        assertEquals(Optional.of("events"), settings.audience());
        assertEquals(Duration.ZERO, settings.clockSkew());
        assertTrue(settings.devTokens());
    }

    @Test
    void refusesToStartWithoutAKey() {
        var e = refused();

        assertEquals("EVENTS_JWT_SECRET: no token verification key is configured: set EVENTS_JWT_SECRET (HS256), "
                + "EVENTS_JWT_JWKS_URL (RS256/ES256) or EVENTS_JWT_PUBLIC_KEY (PEM file)", e.getMessage());
    }

    @Test
    void treatsABlankSecretAsNoKey() {
        assertTrue(refused(AuthSettings.SECRET, "   ").getMessage().startsWith("EVENTS_JWT_SECRET: no token"));
    }

    @Test
    void refusesASecretUnder32Bytes() {
        var e = refused(AuthSettings.SECRET, SECRET.substring(1));

        assertEquals("EVENTS_JWT_SECRET: must be at least 32 bytes for HS256, but has 31", e.getMessage());
    }

    @Test
    void countsTheSecretInUtf8Bytes() {
        String elevenEuros = "€".repeat(11);

        AuthSettings settings = from(AuthSettings.SECRET, elevenEuros);

        assertEquals(33, ((VerificationKey.SharedSecret) settings.key()).secret().length);
        assertEquals("EVENTS_JWT_SECRET: must be at least 32 bytes for HS256, but has 30",
                refused(AuthSettings.SECRET, "€".repeat(10)).getMessage());
    }

    @Test
    void refusesTwoKeySources() {
        var e = refused(AuthSettings.SECRET, SECRET, AuthSettings.JWKS_URL, "https://keys.example/jwks.json");

        assertEquals("EVENTS_JWT_JWKS_URL: set only one of EVENTS_JWT_SECRET, EVENTS_JWT_JWKS_URL", e.getMessage());
    }

    @Test
    void refusesThreeKeySources() {
        var e = refused(AuthSettings.SECRET, SECRET, AuthSettings.JWKS_URL, "https://keys.example/jwks.json",
                AuthSettings.PUBLIC_KEY, "/nonexistent.pem");

        assertEquals("EVENTS_JWT_JWKS_URL: set only one of EVENTS_JWT_SECRET, EVENTS_JWT_JWKS_URL, "
                + "EVENTS_JWT_PUBLIC_KEY", e.getMessage());
    }

    @Test
    void readsAJwksUrl() {
        AuthSettings settings = from(AuthSettings.JWKS_URL, "https://keys.example/jwks.json");

        assertEquals(new VerificationKey.JwksUrl(URI.create("https://keys.example/jwks.json")), settings.key());
        assertEquals(java.util.Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), settings.key().algorithms());
    }

    @Test
    void readsTheJwksFetchTimeout() {
        AuthSettings settings = from(AuthSettings.JWKS_URL, "https://keys.example/jwks.json",
                AuthSettings.JWKS_TIMEOUT_MS, "5000");

        assertEquals(java.time.Duration.ofSeconds(5), ((VerificationKey.JwksUrl) settings.key()).fetchTimeout());
        assertEquals(java.time.Duration.ofSeconds(2), ((VerificationKey.JwksUrl) from(AuthSettings.JWKS_URL,
                "https://keys.example/jwks.json").key()).fetchTimeout());
    }

    @Test
    void refusesAJwksFetchTimeoutOutOfRange() {
        var e = refused(AuthSettings.JWKS_URL, "https://keys.example/jwks.json", AuthSettings.JWKS_TIMEOUT_MS, "50");

        assertTrue(e.getMessage().startsWith("EVENTS_JWT_JWKS_TIMEOUT_MS"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"keys.example/jwks.json", "http://bad host/jwks", "file:///etc/jwks.json"})
    void refusesAJwksUrlThatIsNotAnAbsoluteUrl(String url) {
        var e = refused(AuthSettings.JWKS_URL, url);

        assertEquals("EVENTS_JWT_JWKS_URL: must be an absolute URL, but is '" + url + "'", e.getMessage());
    }

    @Test
    void refusesAnUnreadablePemPath() {
        Path missing = dir.resolve("missing.pem");

        var e = refused(AuthSettings.PUBLIC_KEY, missing.toString());

        assertTrue(e.getMessage().startsWith("EVENTS_JWT_PUBLIC_KEY: cannot read PEM file '" + missing + "'"),
                e.getMessage());
    }

    @Test
    void refusesAPemFileWithoutAKey() throws Exception {
        Path file = dir.resolve("garbage.pem");
        Files.writeString(file, "not a key\n");

        var e = refused(AuthSettings.PUBLIC_KEY, file.toString());

        assertTrue(e.getMessage().startsWith("EVENTS_JWT_PUBLIC_KEY: '" + file + "' holds no PEM public key"),
                e.getMessage());
    }

    @Test
    void readsAnRsaPemFileAsRs256() throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).generate();
        Path file = pem(rsa.toPublicKey());

        VerificationKey.PemPublicKey key = assertInstanceOf(VerificationKey.PemPublicKey.class,
                from(AuthSettings.PUBLIC_KEY, file.toString()).key());

        assertEquals(JWSAlgorithm.RS256, key.algorithm());
        assertEquals(rsa.toPublicJWK().computeThumbprint(), key.key().computeThumbprint());
        assertFalse(key.key().isPrivate());
    }

    @Test
    void readsAP256PemFileAsEs256() throws Exception {
        ECKey ec = new ECKeyGenerator(Curve.P_256).generate();
        Path file = pem(ec.toPublicKey());

        VerificationKey.PemPublicKey key = assertInstanceOf(VerificationKey.PemPublicKey.class,
                from(AuthSettings.PUBLIC_KEY, file.toString()).key());

        assertEquals(JWSAlgorithm.ES256, key.algorithm());
        assertEquals(ec.toPublicJWK().computeThumbprint(), key.key().computeThumbprint());
    }

    @Test
    void refusesAP384PemFile() throws Exception {
        Path file = pem(new ECKeyGenerator(Curve.P_384).generate().toPublicKey());

        var e = refused(AuthSettings.PUBLIC_KEY, file.toString());

        assertEquals("EVENTS_JWT_PUBLIC_KEY: '" + file + "' must hold an RSA or P-256 EC public key, but holds EC on another curve",
                e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"thirty", "-1", "601", "1.5"})
    void refusesAMalformedOrOutOfRangeClockSkew(String value) {
        var e = refused(AuthSettings.SECRET, SECRET, AuthSettings.CLOCK_SKEW, value);

        assertTrue(e.getMessage().startsWith("EVENTS_JWT_CLOCK_SKEW_SECONDS: "), e.getMessage());
    }

    @Test
    void refusesAMalformedDevTokensFlag() {
        var e = refused(AuthSettings.SECRET, SECRET, AuthSettings.DEV_TOKENS, "yes");

        assertEquals("EVENTS_DEV_TOKENS: must be true or false, but is 'yes'", e.getMessage());
    }

    @Test
    void refusesDevTokensWithoutASharedSecret() {
        var e = refused(AuthSettings.JWKS_URL, "https://keys.example/jwks.json", AuthSettings.DEV_TOKENS, "true");

        assertEquals("EVENTS_DEV_TOKENS: development tokens are signed with EVENTS_JWT_SECRET, which is not set",
                e.getMessage());
    }

    @Test
    void neverShowsTheSecret() {
        AuthSettings settings = from(AuthSettings.SECRET, SECRET);

        assertEquals("key=HS256 shared secret (32 bytes, masked), issuer=(any), audience=(any), clockSkew=30s, "
                + "expiryNotice=60000ms, devTokens=false", settings.describe());
        assertFalse(settings.toString().contains(SECRET), settings.toString());
        assertFalse(settings.key().toString().contains(SECRET));
        assertFalse(settings.key().describe().contains(SECRET));
    }

    @Test
    void sharedSecretIsCopiedInAndOut() {
        byte[] bytes = SECRET.getBytes(StandardCharsets.UTF_8);
        var key = new VerificationKey.SharedSecret(bytes);

        bytes[0] = 'X';
        key.secret()[1] = 'Y';

        assertEquals(SECRET, new String(key.secret(), StandardCharsets.UTF_8));
    }
}
