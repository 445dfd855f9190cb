package dev.eventsgateway.system;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
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

    /** The same claims with {@code alg: none}. */
    public String unsigned() {
        return new PlainJWT(claims.build()).serialize();
    }
}
