package io.freelock.consensus;

import java.security.PrivateKey;
import java.util.Objects;

/**
 * A participant's signed vote for or against a proposal. Its signed content is
 * <pre>
 *   string "freelock/vote/v1", string gameId, 32 bytes proposal id, string voterId, boolean approve
 * </pre>
 * in {@link CanonicalWriter} form, so a vote cannot be replayed for another game, another proposal, another voter
 * or the other side. Immutable.
 */
public final class Vote {

    /** The first value of the signed content. */
    public static final String DOMAIN = "freelock/vote/v1";

    private final String gameId;
    private final ProposalId proposalId;
    private final String voterId;
    private final boolean approve;
    private final byte[] signature;

    /**
     * A vote as received; the engine checks the signature.
     *
     * @param signature the voter's Ed25519 signature of {@link #signedContent()}; null or empty if missing
     */
    public Vote(String gameId, ProposalId proposalId, String voterId, boolean approve, byte[] signature) {
        this.gameId = Objects.requireNonNull(gameId, "game id");
        this.proposalId = Objects.requireNonNull(proposalId, "proposal id");
        this.voterId = Objects.requireNonNull(voterId, "voter id");
        this.approve = approve;
        this.signature = signature == null ? new byte[0] : signature.clone();
    }

    /**
     * @return a vote signed with {@code key}, the voter's Ed25519 private key
     * @throws IllegalArgumentException if {@code key} is not an Ed25519 private key
     */
    public static Vote sign(String gameId, ProposalId proposalId, String voterId, boolean approve, PrivateKey key) {
        return new Vote(gameId, proposalId, voterId, approve,
                Signer.sign(key, signedContent(gameId, proposalId, voterId, approve)));
    }

    /** @return the bytes a voter signs, as the class comment lays them out */
    public static byte[] signedContent(String gameId, ProposalId proposalId, String voterId, boolean approve) {
        // sized for ASCII ids, so the buffer is made once: three length prefixes, the id, the side
        int expected = 3 * 4 + DOMAIN.length() + gameId.length() + StateHash.LENGTH + voterId.length() + 1;
        return new CanonicalWriter(expected).writeString(DOMAIN).writeString(gameId).writeFixed(proposalId.bytesUnsafe())
                .writeString(voterId).writeBoolean(approve).toByteArray();
    }

    /** @return the bytes the voter signed */
    public byte[] signedContent() {
        return signedContent(gameId, proposalId, voterId, approve);
    }

    public String gameId() {
        return gameId;
    }

    public ProposalId proposalId() {
        return proposalId;
    }

    public String voterId() {
        return voterId;
    }

    /** @return true for a vote for the proposal, false against */
    public boolean approve() {
        return approve;
    }

    /** @return a copy of the signature; empty if missing */
    public byte[] signature() {
        return signature.clone();
    }

    /** @return whether the vote carries a signature at all */
    public boolean isSigned() {
        return signature.length > 0;
    }

    @Override
    public String toString() {
        return (approve ? "for " : "against ") + proposalId.shortHex() + " by " + voterId;
    }
}
