package io.freelock.consensus;

import java.security.PrivateKey;
import java.util.Objects;

/**
 * A participant's signed request that the game apply an operation to the state with a given hash. Its content,
 * signed with the proposer's Ed25519 key and hashed into its {@link ProposalId}, is
 * <pre>
 *   string "freelock/proposal/v1", string gameId, string proposerId, 32 bytes against-hash, bytes operation
 * </pre>
 * in {@link CanonicalWriter} form (strings and byte strings length-prefixed), where {@code operation} is the
 * rules' canonical encoding ({@link StateMachine#encodeOperation}). Submitting a proposal counts as its proposer's
 * vote for it. Immutable.
 */
public final class Proposal {

    /** The first value of the signed content: keeps a proposal signature from ever passing as anything else. */
    public static final String DOMAIN = "freelock/proposal/v1";

    private final String gameId;
    private final String proposerId;
    private final StateHash against;
    private final byte[] operation;
    private final byte[] signature;
    /** {@link #signedContent()}, built once: it is checked against the signature and hashed into the id. */
    private final byte[] content;
    /**
     * The id, computed on first use. Racy but safe, as {@code String}'s hash is: every thread computes the same value,
     * and a {@link ProposalId} keeps its bytes in a final field, so one published without a fence is seen whole.
     */
    private ProposalId id;

    /**
     * A proposal as received, e.g. from the network; the engine checks the signature.
     *
     * @param signature the proposer's Ed25519 signature of {@link #signedContent()}; null or empty if missing
     */
    public Proposal(String gameId, String proposerId, StateHash against, byte[] operation, byte[] signature) {
        this.gameId = Objects.requireNonNull(gameId, "game id");
        this.proposerId = Objects.requireNonNull(proposerId, "proposer id");
        this.against = Objects.requireNonNull(against, "against hash");
        this.operation = Objects.requireNonNull(operation, "operation").clone();
        this.signature = signature == null ? new byte[0] : signature.clone();
        this.content = signedContent(gameId, proposerId, against, this.operation);
    }

    /**
     * @return a proposal signed with {@code key}, the proposer's Ed25519 private key
     * @throws IllegalArgumentException if {@code key} is not an Ed25519 private key
     */
    public static Proposal sign(String gameId, String proposerId, StateHash against, byte[] operation,
            PrivateKey key) {
        return new Proposal(gameId, proposerId, against, operation,
                Signer.sign(key, signedContent(gameId, proposerId, against, operation)));
    }

    /** @return the bytes a proposer signs, as the class comment lays them out */
    public static byte[] signedContent(String gameId, String proposerId, StateHash against, byte[] operation) {
        // sized for ASCII ids (what Participant.ID allows), so the buffer is made once: four length prefixes, the hash
        int expected = 4 * 4 + DOMAIN.length() + gameId.length() + proposerId.length() + StateHash.LENGTH
                + operation.length;
        return new CanonicalWriter(expected).writeString(DOMAIN).writeString(gameId).writeString(proposerId)
                .writeHash(against).writeBytes(operation).toByteArray();
    }

    /** @return the bytes the proposer signed (a copy) */
    public byte[] signedContent() {
        return content.clone();
    }

    /** @return SHA-256 of {@link #signedContent()}: the same for the same content, different otherwise */
    public ProposalId id() {
        ProposalId known = id;
        if (known == null) {
            known = ProposalId.of(CanonicalWriter.sha256(content, 0, content.length));
            id = known;
        }
        return known;
    }

    public String gameId() {
        return gameId;
    }

    public String proposerId() {
        return proposerId;
    }

    /** @return the hash of the state the operation is to be applied to */
    public StateHash against() {
        return against;
    }

    /** @return a copy of the canonical operation */
    public byte[] operation() {
        return operation.clone();
    }

    /** @return a copy of the signature; empty if missing */
    public byte[] signature() {
        return signature.clone();
    }

    /** @return whether the proposal carries a signature at all */
    public boolean isSigned() {
        return signature.length > 0;
    }

    @Override
    public String toString() {
        return "proposal " + id().shortHex() + " by " + proposerId + " against " + against.shortHex();
    }
}
