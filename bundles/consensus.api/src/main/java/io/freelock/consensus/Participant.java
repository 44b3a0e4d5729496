package io.freelock.consensus;

import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.EdECPublicKey;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A participant of a game: an id and the Ed25519 public key that verifies its proposals and votes. Immutable.
 */
public final class Participant {

    /** What an id (of a participant, or a game) may look like: 1 to 64 letters, digits, '.', '_' or '-'. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** The JDK's name for the signature algorithm: {@code Signature.getInstance("Ed25519")}. */
    public static final String ALGORITHM = "Ed25519";

    private final String id;
    private final PublicKey publicKey;

    /**
     * @param id the participant's id, as {@link #ID} allows
     * @param publicKey an Ed25519 public key, e.g. from {@link #generateKeys()}
     * @throws RefusedException {@link RefusalReason#INVALID_GAME_SPEC} if the id or the key will not do
     */
    public Participant(String id, PublicKey publicKey) {
        this.id = requireId(id, "participant id");
        if (!(publicKey instanceof EdECPublicKey)
                || !ALGORITHM.equalsIgnoreCase(((EdECPublicKey) publicKey).getParams().getName())) {
            throw new RefusedException(RefusalReason.INVALID_GAME_SPEC, "participant '" + id + "' has a "
                    + (publicKey == null ? "missing" : publicKey.getAlgorithm()) + " key, not an Ed25519 public key");
        }
        this.publicKey = publicKey;
    }

    /**
     * A new Ed25519 key pair for a player: the private key signs its proposals and votes, the public key goes into
     * its {@code Participant}. For hosts and tests that hold their players' keys (a real player keeps its own).
     *
     * @return a fresh key pair from the JDK's {@value #ALGORITHM} generator
     * @since 1.3
     */
    public static KeyPair generateKeys() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no " + ALGORITHM + " key generator (every JDK 15 or later has)", e);
        }
    }

    /** @return {@code id} if {@link #ID} allows it; else a refusal naming {@code what} */
    static String requireId(String id, String what) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new RefusedException(RefusalReason.INVALID_GAME_SPEC,
                    what + " '" + id + "' is not 1 to 64 letters, digits, '.', '_' or '-'");
        }
        return id;
    }

    /** @return the participant's id */
    public String id() {
        return id;
    }

    /** @return the participant's Ed25519 public key */
    public PublicKey publicKey() {
        return publicKey;
    }

    /**
     * @return whether {@code signature} is this participant's Ed25519 signature of {@code content}; false for a
     *         missing or malformed signature
     */
    public boolean verifies(byte[] content, byte[] signature) {
        if (signature == null || signature.length == 0) {
            return false;
        }
        Signature verifier = VERIFIER.get();
        try {
            verifier.initVerify(publicKey); // this key, and nothing left of any earlier use on this thread
            verifier.update(content);
            return verifier.verify(signature); // also resets it
        } catch (SignatureException malformed) {
            VERIFIER.remove(); // the next verification on this thread starts from a new instance
            return false;
        } catch (InvalidKeyException e) {
            VERIFIER.remove();
            throw new IllegalStateException("this Java runtime cannot verify Ed25519 signatures", e);
        }
    }

    /**
     * One Ed25519 verifier per thread ({@link Signature} is not thread-safe), initialised with the participant's key
     * on each use, so that a verification looks no provider up and builds no instance. A thread uses its verifier
     * from start to finish inside {@link #verifies}, which calls out to nothing in between, so no verification ever
     * sees another's key or bytes. The value is a JDK object, holding nothing of this bundle's class loader.
     */
    private static final ThreadLocal<Signature> VERIFIER = ThreadLocal.withInitial(() -> {
        try {
            return Signature.getInstance(ALGORITHM);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime cannot verify Ed25519 signatures", e);
        }
    });

    @Override
    public boolean equals(Object o) {
        return o instanceof Participant && id.equals(((Participant) o).id)
                && publicKey.equals(((Participant) o).publicKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, publicKey);
    }

    @Override
    public String toString() {
        return id;
    }
}
