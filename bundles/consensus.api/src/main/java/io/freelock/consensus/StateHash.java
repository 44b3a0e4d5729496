package io.freelock.consensus;

import java.util.Objects;

/**
 * A 32-byte SHA-256 value naming a game state in an engine's hash chain. In {@link CanonicalWriter} form:
 * <pre>
 *   digest(s) = SHA-256(canonical bytes of state s)
 *   hash(0)   = SHA-256(string "freelock/genesis/v2", string gameId, string gameType, string rulesVersion,
 *                       string instance, boolean directApplies, 32 bytes digest(initial state))
 *   hash(n)   = SHA-256(32 bytes hash(n-1), bytes canonical operation n, 32 bytes digest(state n))   n &gt;= 1
 * </pre>
 * The genesis names one instance of one game played by one version of its rules, and every link binds the state it
 * leads to as well as the operation, so equal hashes mean equal states (up to a SHA-256 collision), whatever the
 * rules did to get there. Rows of a journal keep each state's digest, so that the chain can be checked without the
 * states, and a snapshot is checked against its row's digest. Immutable; a kind of {@link Bytes32}, which holds the
 * bytes, spells them and compares them.
 */
public final class StateHash extends Bytes32 {

    /** The length of a hash in bytes. */
    public static final int LENGTH = Bytes32.LENGTH;
    /** The first value hashed into a genesis: keeps a genesis from ever passing as a link, or as a signed message. */
    public static final String GENESIS_DOMAIN = "freelock/genesis/v2";

    private static final String WHAT = "a state hash";

    private StateHash(byte[] bytes) {
        super(bytes);
    }

    /**
     * @param bytes 32 bytes; copied
     * @return the hash with those bytes
     * @throws IllegalArgumentException if there are not exactly 32 bytes
     */
    public static StateHash of(byte[] bytes) {
        return new StateHash(copied(bytes, WHAT));
    }

    /**
     * @param hex 64 hexadecimal digits
     * @return the hash they spell
     * @throws IllegalArgumentException if {@code hex} is not 64 hexadecimal digits
     */
    public static StateHash fromHex(String hex) {
        return new StateHash(parsed(hex, WHAT));
    }

    /**
     * @param spec the game; its {@link GameSpec#instance()} must be set
     * @param rulesVersion the {@link StateMachine#rulesVersion()} of the rules that opened it
     * @param initialStateDigest {@link #digest} of the canonical initial state
     * @return the hash of the game's version 0, as the class comment lays it out
     */
    public static StateHash genesis(GameSpec spec, String rulesVersion, byte[] initialStateDigest) {
        if (spec.instance().isEmpty()) {
            throw new IllegalArgumentException("game '" + spec.gameId() + "' has no instance yet: see GameSpec.instance");
        }
        return new StateHash(new CanonicalWriter().writeString(GENESIS_DOMAIN).writeString(spec.gameId())
                .writeString(spec.gameType()).writeString(Objects.requireNonNull(rulesVersion, "rules version"))
                .writeString(spec.instance()).writeBoolean(spec.directApplies())
                .writeFixed(checked(initialStateDigest, "a state digest")).sha256());
    }

    /** @return SHA-256 of a state's canonical bytes: what each link of the chain binds of the state */
    public static byte[] digest(byte[] canonicalState) {
        Objects.requireNonNull(canonicalState, "state");
        return CanonicalWriter.sha256(canonicalState, 0, canonicalState.length); // no copy, and this thread's digest
    }

    /**
     * @param canonicalOperation the operation that led from the state named by this hash
     * @param stateDigest {@link #digest} of the state it led to
     * @return the hash of the state it led to
     */
    public StateHash next(byte[] canonicalOperation, byte[] stateDigest) {
        // sized to the link, so the writer's buffer is made once: previous hash, length-prefixed operation, digest
        int length = 2 * LENGTH + 4 + Objects.requireNonNull(canonicalOperation, "operation").length;
        return new StateHash(new CanonicalWriter(length).writeFixed(this).writeBytes(canonicalOperation)
                .writeFixed(checked(stateDigest, "a state digest")).sha256());
    }
}
