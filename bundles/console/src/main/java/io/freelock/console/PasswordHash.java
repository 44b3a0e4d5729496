package io.freelock.console;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * An operator's password as the console keeps it: PBKDF2 with HMAC-SHA-256, a salt and an iteration count, written
 * {@code pbkdf2-sha256:<iterations>:<salt hex>:<derived key hex>}. That is what {@code openssl kdf ... PBKDF2}
 * computes (see {@code scripts/console-password}), so an operator can make one without running the server.
 */
final class PasswordHash {

    static final String SCHEME = "pbkdf2-sha256";
    /** Below this a stolen hash is too cheap to guess at; OWASP asks 600,000 for PBKDF2-HMAC-SHA256. */
    static final int MIN_ITERATIONS = 100_000;
    private static final int MIN_SALT_BYTES = 16;
    private static final int MIN_KEY_BYTES = 32;

    private final int iterations;
    private final byte[] salt;
    private final byte[] key;

    private PasswordHash(int iterations, byte[] salt, byte[] key) {
        this.iterations = iterations;
        this.salt = salt;
        this.key = key;
    }

    /**
     * @throws IllegalArgumentException naming what is wrong with {@code text} (never echoing the text itself, which
     *         is secret-adjacent and belongs in no log)
     */
    static PasswordHash parse(String text) {
        Objects.requireNonNull(text, "password hash");
        String[] parts = text.trim().split(":", -1);
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            throw new IllegalArgumentException("a password hash is " + SCHEME
                    + ":<iterations>:<salt hex>:<key hex> (make one with scripts/console-password)");
        }
        int iterations;
        try {
            iterations = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the password hash's iteration count '" + parts[1] + "' is not a number");
        }
        if (iterations < MIN_ITERATIONS) {
            throw new IllegalArgumentException("the password hash has " + iterations + " iterations; at least "
                    + MIN_ITERATIONS + " are needed");
        }
        byte[] salt = hex(parts[2], "salt");
        byte[] key = hex(parts[3], "key");
        if (salt.length < MIN_SALT_BYTES) {
            throw new IllegalArgumentException("the password hash's salt has " + salt.length + " bytes; at least "
                    + MIN_SALT_BYTES + " are needed");
        }
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("the password hash's key has " + key.length + " bytes; at least "
                    + MIN_KEY_BYTES + " are needed");
        }
        return new PasswordHash(iterations, salt, key);
    }

    /** @return the hash of {@code password} with a fresh salt, for tests and tools */
    static PasswordHash of(char[] password, byte[] salt, int iterations) {
        return new PasswordHash(iterations, salt.clone(), derive(password, salt, iterations, MIN_KEY_BYTES));
    }

    /** @return whether {@code password} is the one hashed; takes the same time whatever the answer */
    boolean matches(char[] password) {
        return MessageDigest.isEqual(key, derive(password, salt, iterations, key.length));
    }

    @Override
    public String toString() {
        HexFormat hex = HexFormat.of();
        return SCHEME + ":" + iterations + ":" + hex.formatHex(salt) + ":" + hex.formatHex(key);
    }

    private static byte[] hex(String text, String what) {
        try {
            return HexFormat.of().parseHex(text.toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the password hash's " + what + " is not hex digits");
        }
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations, int keyBytes) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, keyBytes * 8);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no PBKDF2WithHmacSHA256", e);
        } finally {
            spec.clearPassword();
        }
    }
}
