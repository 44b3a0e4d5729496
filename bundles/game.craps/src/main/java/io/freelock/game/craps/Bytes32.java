package io.freelock.game.craps;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/** 32 bytes: a dice nonce or a commitment to one. Immutable, compared by content. */
public final class Bytes32 {

    /** The length in bytes. */
    public static final int LENGTH = 32;

    private final byte[] bytes;

    private Bytes32(byte[] bytes) {
        this.bytes = bytes;
    }

    /** @throws IllegalArgumentException unless {@code bytes} has exactly 32 bytes */
    public static Bytes32 of(byte[] bytes) {
        if (Objects.requireNonNull(bytes, "bytes").length != LENGTH) {
            throw new IllegalArgumentException("expected " + LENGTH + " bytes, not " + bytes.length);
        }
        return new Bytes32(bytes.clone());
    }

    /** @throws IllegalArgumentException unless {@code hex} is 64 hexadecimal digits */
    public static Bytes32 fromHex(String hex) {
        if (Objects.requireNonNull(hex, "hex").length() != LENGTH * 2) {
            throw new IllegalArgumentException("expected " + LENGTH * 2 + " hex digits, not " + hex.length());
        }
        return new Bytes32(HexFormat.of().parseHex(hex));
    }

    /** @return a copy of the bytes */
    public byte[] bytes() {
        return bytes.clone();
    }

    byte[] bytesUnsafe() {
        return bytes;
    }

    public String toHex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes32 && Arrays.equals(bytes, ((Bytes32) o).bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return toHex();
    }
}
