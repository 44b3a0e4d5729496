package io.freelock.consensus;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A 32-byte SHA-256 value naming a game state in an engine's hash chain:
 * <pre>
 *   hash(0) = SHA-256(canonical initial state)                  the genesis hash
 *   hash(n) = SHA-256(hash(n-1) || canonical operation n)       for n &gt;= 1
 * </pre>
 * Because each state is determined by the initial state and the operations applied (the rules are deterministic),
 * equal hashes mean equal histories, and so equal states. Immutable.
 */
public final class StateHash {

    /** The length of a hash in bytes. */
    public static final int LENGTH = 32;

    private final byte[] bytes;

    private StateHash(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * @param bytes 32 bytes; copied
     * @return the hash with those bytes
     * @throws IllegalArgumentException if there are not exactly 32 bytes
     */
    public static StateHash of(byte[] bytes) {
        if (Objects.requireNonNull(bytes, "hash bytes").length != LENGTH) {
            throw new IllegalArgumentException("a state hash has " + LENGTH + " bytes, not " + bytes.length);
        }
        return new StateHash(bytes.clone());
    }

    /**
     * @param hex 64 hexadecimal digits
     * @return the hash they spell
     * @throws IllegalArgumentException if {@code hex} is not 64 hexadecimal digits
     */
    public static StateHash fromHex(String hex) {
        if (Objects.requireNonNull(hex, "hex").length() != LENGTH * 2) {
            throw new IllegalArgumentException("a state hash is " + LENGTH * 2 + " hex digits, not " + hex.length());
        }
        return new StateHash(HexFormat.of().parseHex(hex));
    }

    /** @return the genesis hash of a game whose initial state encodes to {@code canonicalInitialState} */
    public static StateHash genesis(byte[] canonicalInitialState) {
        return new StateHash(new CanonicalWriter().writeFixed(canonicalInitialState).sha256());
    }

    /** @return the hash after applying the operation encoded as {@code canonicalOperation} to the state named by this one */
    public StateHash next(byte[] canonicalOperation) {
        return new StateHash(new CanonicalWriter().writeFixed(bytes).writeFixed(canonicalOperation).sha256());
    }

    /** @return a copy of the 32 bytes */
    public byte[] bytes() {
        return bytes.clone();
    }

    byte[] bytesUnsafe() {
        return bytes;
    }

    /** @return the 64 lower-case hexadecimal digits */
    public String toHex() {
        return HexFormat.of().formatHex(bytes);
    }

    /** @return the first 12 hexadecimal digits, enough to tell hashes apart on a screen */
    public String shortHex() {
        return toHex().substring(0, 12);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StateHash && Arrays.equals(bytes, ((StateHash) o).bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** @return the 64 hexadecimal digits */
    @Override
    public String toString() {
        return toHex();
    }
}
