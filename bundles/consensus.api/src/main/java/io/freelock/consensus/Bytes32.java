package io.freelock.consensus;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Exactly 32 bytes, compared by content: a SHA-256 digest, or a random value of that size such as a dice nonce. The
 * one home of what every 32-byte value of Freelock does: checking the length, copying in and out, the hexadecimal
 * form, equality. {@link StateHash} and {@link ProposalId} are the two kinds the API names, so that a state hash is
 * never taken for a proposal id; a value equals only a value of its own kind with the same bytes. Immutable.
 *
 * @since 1.4
 */
public sealed class Bytes32 permits StateHash, ProposalId {

    /** The length in bytes. */
    public static final int LENGTH = 32;

    private static final String ANY = "a 32-byte value";

    private final byte[] bytes;

    /** @param bytes 32 bytes that nobody else holds or changes: kept as they are */
    Bytes32(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * @param bytes 32 bytes; copied
     * @return the value with those bytes
     * @throws IllegalArgumentException if there are not exactly 32 bytes
     */
    public static Bytes32 of(byte[] bytes) {
        return new Bytes32(copied(bytes, ANY));
    }

    /**
     * @param hex 64 hexadecimal digits, either case
     * @return the value they spell
     * @throws IllegalArgumentException if {@code hex} is not 64 hexadecimal digits
     */
    public static Bytes32 fromHex(String hex) {
        return new Bytes32(parsed(hex, ANY));
    }

    /** @return a copy of {@code bytes}, refused naming {@code what} they were to be unless there are 32 */
    static byte[] copied(byte[] bytes, String what) {
        return checked(bytes, what).clone();
    }

    /** @return {@code bytes} themselves, refused naming {@code what} they were to be unless there are 32 */
    static byte[] checked(byte[] bytes, String what) {
        if (Objects.requireNonNull(bytes, what).length != LENGTH) {
            throw new IllegalArgumentException(what + " has " + LENGTH + " bytes, not " + bytes.length);
        }
        return bytes;
    }

    /** @return the 32 bytes {@code hex} spells, refused naming {@code what} they were to be unless it has 64 digits */
    static byte[] parsed(String hex, String what) {
        if (Objects.requireNonNull(hex, what).length() != LENGTH * 2) {
            throw new IllegalArgumentException(what + " is " + LENGTH * 2 + " hex digits, not " + hex.length());
        }
        return HexFormat.of().parseHex(hex);
    }

    /** @return a copy of the 32 bytes */
    public final byte[] bytes() {
        return bytes.clone();
    }

    /** @return the bytes themselves, for this package's writers and comparisons, which only read them */
    final byte[] bytesUnsafe() {
        return bytes;
    }

    /** @return the 64 lower-case hexadecimal digits */
    public final String toHex() {
        return HexFormat.of().formatHex(bytes);
    }

    /** @return the first 12 hexadecimal digits, enough to tell values apart on a screen */
    public final String shortHex() {
        return HexFormat.of().formatHex(bytes, 0, 6);
    }

    /** @return whether {@code o} is of the same kind (a state hash, a proposal id, or neither) with the same bytes */
    @Override
    public final boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && Arrays.equals(bytes, ((Bytes32) o).bytes);
    }

    @Override
    public final int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** @return the 64 hexadecimal digits */
    @Override
    public final String toString() {
        return toHex();
    }
}
