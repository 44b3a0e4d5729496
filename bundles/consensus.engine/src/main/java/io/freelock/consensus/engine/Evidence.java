package io.freelock.consensus.engine;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.freelock.consensus.CanonicalReader;
import io.freelock.consensus.CanonicalWriter;
import io.freelock.consensus.GameSpec;
import io.freelock.consensus.Participant;
import io.freelock.consensus.Proposal;
import io.freelock.consensus.ProposalState;
import io.freelock.consensus.StateHash;
import io.freelock.consensus.Vote;

/**
 * What a journal row keeps to show that the participants agreed to its operation: the signed proposal and the signed
 * votes for it that reached the quorum. In {@link CanonicalWriter} form:
 * <pre>
 *   string "freelock/evidence/v1", string proposerId, 32 bytes against, bytes operation, bytes proposer's signature,
 *   int count, count times (string voterId, bytes voter's signature)
 * </pre>
 * The game id is the journal's and every vote approves, so neither is written. Checking it needs only the game's
 * spec (the participants' public keys): whoever writes to the database without those keys cannot make a row that
 * passes, because the proposal signs the hash it was made against, which names every state and operation before it.
 */
final class Evidence {

    static final String DOMAIN = "freelock/evidence/v1";
    /** Bounds for reading: ids are at most 64 characters, Ed25519 signatures 64 bytes. */
    private static final int MAX_ID = 256;
    private static final int MAX_SIGNATURE = 1024;

    private Evidence() {
    }

    /** @return the evidence of a proposal committed with {@code approvals} (the proposer's own vote is its proposal) */
    static byte[] of(Proposal proposal, List<Vote> approvals) {
        CanonicalWriter out = new CanonicalWriter().writeString(DOMAIN).writeString(proposal.proposerId())
                .writeHash(proposal.against()).writeBytes(proposal.operation()).writeBytes(proposal.signature())
                .writeInt(approvals.size());
        for (Vote vote : approvals) {
            out.writeString(vote.voterId()).writeBytes(vote.signature());
        }
        return out.toByteArray();
    }

    /**
     * Checks a row's evidence, as recovery does for every row that has some.
     *
     * @param against the hash of the version before the row
     * @param operation the row's operation bytes
     * @return the proposer's id
     * @throws IllegalArgumentException saying what does not check out
     */
    static String verify(byte[] evidence, GameSpec spec, StateHash against, byte[] operation) {
        CanonicalReader in = new CanonicalReader(evidence);
        if (!DOMAIN.equals(in.readString(MAX_ID))) {
            throw new IllegalArgumentException("its evidence is not " + DOMAIN);
        }
        String proposerId = in.readString(MAX_ID);
        StateHash proposedAgainst = in.readHash();
        byte[] proposed = in.readBytes(operation.length);
        Proposal proposal = new Proposal(spec.gameId(), proposerId, proposedAgainst, proposed,
                in.readBytes(MAX_SIGNATURE));
        if (!proposedAgainst.equals(against)) {
            throw new IllegalArgumentException("its proposal was made against " + proposedAgainst.shortHex()
                    + ", not the previous version's hash " + against.shortHex());
        }
        if (!Arrays.equals(proposed, operation)) {
            throw new IllegalArgumentException("its proposal is of another operation than the row's");
        }
        requireSigned(spec, proposerId, proposal.signedContent(), proposal.signature(), "proposal");
        int count = in.readInt();
        if (count < 0 || count > spec.participants().size()) {
            throw new IllegalArgumentException("its evidence claims " + count + " votes");
        }
        Set<String> voters = new HashSet<>();
        voters.add(proposerId);
        for (int i = 0; i < count; i++) {
            String voterId = in.readString(MAX_ID);
            byte[] signature = in.readBytes(MAX_SIGNATURE);
            if (!voters.add(voterId)) {
                throw new IllegalArgumentException("its evidence counts " + voterId + "'s vote twice");
            }
            byte[] content = Vote.signedContent(spec.gameId(), proposal.id(), voterId, true);
            requireSigned(spec, voterId, content, signature, "vote");
        }
        in.expectEnd();
        int needed = ProposalState.votesToCommit(spec.participants().size());
        if (voters.size() < needed) {
            throw new IllegalArgumentException("its proposal has " + voters.size() + " signed approvals, and "
                    + needed + " of " + spec.participants().size() + " participants are needed to commit");
        }
        return proposerId;
    }

    /**
     * @return the proposer named in evidence that {@link #verify} has already accepted (so its signatures are not
     *         checked again)
     */
    static String proposerOf(byte[] verified) {
        CanonicalReader in = new CanonicalReader(verified);
        in.readString(MAX_ID); // the domain
        return in.readString(MAX_ID);
    }

    private static void requireSigned(GameSpec spec, String signer, byte[] content, byte[] signature, String what) {
        Participant participant = spec.participant(signer).orElseThrow(() -> new IllegalArgumentException(
                "its " + what + " is by '" + signer + "', who is not a participant"));
        if (!participant.verifies(content, signature)) {
            throw new IllegalArgumentException("its " + what + " by " + signer + " does not carry a valid signature");
        }
    }
}
