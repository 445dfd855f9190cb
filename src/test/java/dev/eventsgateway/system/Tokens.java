package dev.eventsgateway.system;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/** Mints test JWTs, valid by default for the {@link ServerSettings} secret, and every way of getting one wrong. */
public final class Tokens {

    private final JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder();
    private String secret = ServerSettings.SECRET;

    private Tokens(String subject) {
        Instant now = Instant.now();
        claims.subject(subject).issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofHours(1))));
    }

    public static Tokens forUser(String subject) {
        return new Tokens(subject);
    }

    public static Tokens withoutSubject() {
        Tokens tokens = new Tokens("ignored");
        tokens.claims.subject(null);
        return tokens;
    }

    public Tokens expiresIn(Duration lifetime) {
        claims.expirationTime(Date.from(Instant.now().plus(lifetime)));
        return this;
    }

    public Tokens expiresAt(Instant expiry) {
        claims.expirationTime(Date.from(expiry));
        return this;
    }

    public Tokens withoutExpiry() {
        claims.expirationTime(null);
        return this;
    }

    public Tokens notBefore(Instant notBefore) {
        claims.notBeforeTime(Date.from(notBefore));
        return this;
    }

    public Tokens issuedAt(Instant issuedAt) {
        claims.issueTime(Date.from(issuedAt));
        return this;
    }

    public Tokens rooms(String... rooms) {
        claims.claim("rooms", List.of(rooms));
        return this;
    }

    public Tokens roles(String... roles) {
        claims.claim("roles", List.of(roles));
        return this;
    }

    public Tokens admin() {
        return roles("admin");
    }

    public Tokens claim(String name, Object value) {
        claims.claim(name, value);
        return this;
    }

    public Tokens issuer(String issuer) {
        claims.issuer(issuer);
        return this;
    }

    public Tokens audience(String audience) {
        claims.audience(audience);
        return this;
    }

    public Tokens signedWith(String otherSecret) {
        this.secret = otherSecret;
        return this;
    }

    public String sign() {
        var jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        try {
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** RS256 with this key, naming its key id in the header when it has one. */
    public String signRs256(RSAKey key) {
        return sign(JWSAlgorithm.RS256, key.getKeyID(), signer(() -> new RSASSASigner(key)));
    }

    /** ES256 with this P-256 key, naming its key id in the header when it has one. */
    public String signEs256(ECKey key) {
        return sign(JWSAlgorithm.ES256, key.getKeyID(), signer(() -> new ECDSASigner(key)));
    }

    /** Any HMAC algorithm with these key bytes, for instance a public key passed off as a shared secret. */
    public String signHmac(JWSAlgorithm algorithm, String keyId, byte[] keyBytes) {
        return sign(algorithm, keyId, signer(() -> new MACSigner(keyBytes)));
    }

    private String sign(JWSAlgorithm algorithm, String keyId, JWSSigner signer) {
        var jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(keyId).build(), claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private static JWSSigner signer(SignerFactory factory) {
        try {
            return factory.create();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A signer constructor, which may refuse its key. */
    private interface SignerFactory {
        JWSSigner create() throws JOSEException;
    }

    /** HS256 over this payload text exactly as given, for JSON no library would write (for instance nested deeply). */
    public static String signRawPayload(String payloadJson) {
        var jws = new com.nimbusds.jose.JWSObject(new JWSHeader(JWSAlgorithm.HS256), new com.nimbusds.jose.Payload(payloadJson));
        try {
            jws.sign(new MACSigner(ServerSettings.SECRET.getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jws.serialize();
    }

    /** The same claims with {@code alg: none}. */
    public String unsigned() {
        return new PlainJWT(claims.build()).serialize();
    }
}
