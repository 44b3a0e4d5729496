package io.freelock.consensus;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A proposal's id: the SHA-256 of its signed content (see {@link Proposal#signedContent}), so it is derived from the
 * game, the proposer, the state hash proposed against and the canonical operation. Two proposals that differ in any
 * of these have different ids (short of a SHA-256 collision); the same content always has the same id. Ordered by
 * its bytes, unsigned. Immutable.
 */
public final class ProposalId implements Comparable<ProposalId> {

    private final byte[] bytes;

    private ProposalId(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * @param bytes 32 bytes; copied
     * @throws IllegalArgumentException if there are not exactly 32 bytes
     */
    public static ProposalId of(byte[] bytes) {
        if (Objects.requireNonNull(bytes, "proposal id bytes").length != StateHash.LENGTH) {
            throw new IllegalArgumentException("a proposal id has " + StateHash.LENGTH + " bytes, not " + bytes.length);
        }
        return new ProposalId(bytes.clone());
    }

    /**
     * @param hex 64 hexadecimal digits
     * @throws IllegalArgumentException if {@code hex} is not 64 hexadecimal digits
     */
    public static ProposalId fromHex(String hex) {
        return of(HexFormat.of().parseHex(Objects.requireNonNull(hex, "hex")));
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

    /** @return the first 12 hexadecimal digits */
    public String shortHex() {
        return toHex().substring(0, 12);
    }

    @Override
    public int compareTo(ProposalId other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProposalId && Arrays.equals(bytes, ((ProposalId) o).bytes);
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
