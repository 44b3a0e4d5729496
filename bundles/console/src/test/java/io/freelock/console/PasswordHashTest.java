package io.freelock.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordHashTest {

    /** Computed by `openssl kdf -keylen 32 -kdfopt digest:SHA256 -kdfopt pass:secret -kdfopt hexsalt:... -kdfopt iter:100000 PBKDF2`. */
    private static final String OPENSSL = "pbkdf2-sha256:100000:00112233445566778899aabbccddeeff:"
            + "F92D0C0B7758F48A976587412C2BF21B7F1DAE21875133FDA2983FA4CBF1EA9D";

    @Test
    void acceptsWhatOpensslComputesForThePasswordAndNothingElse() {
        PasswordHash hash = PasswordHash.parse(OPENSSL);
        assertTrue(hash.matches("secret".toCharArray()));
        assertFalse(hash.matches("Secret".toCharArray()));
        assertFalse(hash.matches("secret ".toCharArray()));
        assertFalse(hash.matches(new char[0]));
    }

    @Test
    void writesTheFormItReads() {
        PasswordHash made = PasswordHash.of("a long password".toCharArray(), new byte[16], PasswordHash.MIN_ITERATIONS);
        PasswordHash read = PasswordHash.parse(made.toString());
        assertTrue(read.matches("a long password".toCharArray()));
        assertEquals(made.toString(), read.toString());
    }

    @Test
    void refusesWeakOrMalformedHashesNamingWhatIsWrongWithoutEchoingThem() {
        assertMessage("a password hash is pbkdf2-sha256:<iterations>:<salt hex>:<key hex>", "sha1:1000:00:00");
        assertMessage("a password hash is", "pbkdf2-sha256:100000:0011");
        assertMessage("has 1000 iterations; at least 100000 are needed", "pbkdf2-sha256:1000:" + "00".repeat(16) + ":" + "00".repeat(32));
        assertMessage("iteration count 'many' is not a number", "pbkdf2-sha256:many:" + "00".repeat(16) + ":" + "00".repeat(32));
        assertMessage("salt has 4 bytes; at least 16", "pbkdf2-sha256:100000:" + "00".repeat(4) + ":" + "00".repeat(32));
        assertMessage("key has 16 bytes; at least 32", "pbkdf2-sha256:100000:" + "00".repeat(16) + ":" + "00".repeat(16));
        assertMessage("salt is not hex digits", "pbkdf2-sha256:100000:" + "zz".repeat(16) + ":" + "00".repeat(32));
    }

    private static void assertMessage(String expected, String hash) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> PasswordHash.parse(hash));
        assertTrue(refused.getMessage().contains(expected), refused.getMessage());
        assertFalse(refused.getMessage().contains(hash), refused.getMessage());
    }
}
