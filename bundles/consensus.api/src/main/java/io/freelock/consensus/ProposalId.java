package io.freelock.consensus;

import java.util.Arrays;

/**
 * A proposal's id: the SHA-256 of its signed content (see {@link Proposal#signedContent}), so it is derived from the
 * game, the proposer, the state hash proposed against and the canonical operation. Two proposals that differ in any
 * of these have different ids (short of a SHA-256 collision); the same content always has the same id. Ordered by
 * its bytes, unsigned. Immutable; a kind of {@link Bytes32}, which holds the bytes, spells them and compares them.
 */
public final class ProposalId extends Bytes32 implements Comparable<ProposalId> {

    private static final String WHAT = "a proposal id";

    private ProposalId(byte[] bytes) {
        super(bytes);
    }

    /**
     * @param bytes 32 bytes; copied
     * @throws IllegalArgumentException if there are not exactly 32 bytes
     */
    public static ProposalId of(byte[] bytes) {
        return new ProposalId(copied(bytes, WHAT));
    }

    /**
     * @param hex 64 hexadecimal digits
     * @throws IllegalArgumentException if {@code hex} is not 64 hexadecimal digits
     */
    public static ProposalId fromHex(String hex) {
        return new ProposalId(parsed(hex, WHAT));
    }

    @Override
    public int compareTo(ProposalId other) {
        return Arrays.compareUnsigned(bytesUnsafe(), other.bytesUnsafe());
    }
}
