package dev.eventsgateway.auth.control;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;

/** Where token signatures are verified from; each kind pins the algorithms it accepts. */
public sealed interface VerificationKey {

    Set<JWSAlgorithm> algorithms();

    /** A description safe to log: never the secret itself. */
    String describe();

    /** HS256 with a shared secret of at least 32 bytes. */
    record SharedSecret(byte[] secret) implements VerificationKey {
        public static final int MIN_BYTES = 32;

        public SharedSecret {
            secret = secret.clone();
        }

        @Override
        public byte[] secret() {
            return secret.clone();
        }

        @Override
        public Set<JWSAlgorithm> algorithms() {
            return Set.of(JWSAlgorithm.HS256);
        }

        @Override
        public String describe() {
            return "HS256 shared secret (" + secret.length + " bytes, masked)";
        }

        @Override
        public String toString() {
            return describe();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof SharedSecret that && Arrays.equals(secret, that.secret);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(secret);
        }
    }

    /** RS256 or ES256 keys from a JWKS endpoint, cached and refetched at a limited rate, each fetch bounded in time. */
    record JwksUrl(URI url, Duration fetchTimeout) implements VerificationKey {
        /** Nimbus's own 500 ms let a first fetch from a busy identity provider (or test machine) refuse valid tokens. */
        public static final Duration DEFAULT_FETCH_TIMEOUT = Duration.ofSeconds(2);

        public JwksUrl(URI url) {
            this(url, DEFAULT_FETCH_TIMEOUT);
        }

        @Override
        public Set<JWSAlgorithm> algorithms() {
            return Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
        }

        @Override
        public String describe() {
            return "RS256/ES256 from JWKS " + url + " (fetch timeout " + fetchTimeout.toMillis() + " ms)";
        }
    }

    /** One RSA (RS256) or P-256 EC (ES256) public key read from a PEM file. */
    record PemPublicKey(String source, JWK key, JWSAlgorithm algorithm) implements VerificationKey {
        @Override
        public Set<JWSAlgorithm> algorithms() {
            return Set.of(algorithm);
        }

        @Override
        public String describe() {
            return algorithm + " public key from " + source;
        }
    }
}
