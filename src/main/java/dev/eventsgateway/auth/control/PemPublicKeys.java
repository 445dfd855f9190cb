package dev.eventsgateway.auth.control;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads an RSA or EC public key from PEM ({@code -----BEGIN PUBLIC KEY-----}) with the JDK alone. */
final class PemPublicKeys {

    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\\s]+)-----END PUBLIC KEY-----");

    private PemPublicKeys() {
    }

    /** Empty when the text holds no parsable public key block. */
    static Optional<PublicKey> parse(String pem) {
        Matcher block = BLOCK.matcher(pem);
        if (!block.find()) {
            return Optional.empty();
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(block.group(1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        for (String algorithm : List.of("RSA", "EC")) {
            try {
                return Optional.of(KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der)));
            } catch (GeneralSecurityException e) {
                // Not a key of this algorithm: try the next one.
            }
        }
        return Optional.empty();
    }
}
