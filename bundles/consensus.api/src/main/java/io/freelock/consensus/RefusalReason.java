package io.freelock.consensus;

/**
 * Why an engine or a game's rules refused something. Every {@link RefusedException} carries one, and its
 * message starts with the reason's name, so that logs and shells show the reason without a stack trace.
 */
public enum RefusalReason {
    // ---- the game's rules ----
    /** The operation names a player the game does not seat. */
    UNKNOWN_PLAYER,
    /** A bet larger than the player's chip balance. */
    BET_ABOVE_BALANCE,
    /** An amount that is not positive, or not a multiple the bet needs (Place 6/8 pay 7:6). */
    INVALID_AMOUNT,
    /** The operation is legal in the game, but not in the phase or step the game is in now. */
    WRONG_PHASE,
    /** A revealed value that does not match the player's commitment. */
    COMMITMENT_MISMATCH,
    /** Any other operation the rules forbid; the message says which rule. */
    ILLEGAL_OPERATION,
    /** Bytes or text that do not decode to an operation, or not in canonical form. */
    MALFORMED_OPERATION,
    /** The rules threw something other than a refusal: a bug in the game bundle; nothing was changed. */
    RULES_FAILED,

    // ---- proposals and votes ----
    /** A proposal or vote without a signature. */
    MISSING_SIGNATURE,
    /** A signature that does not verify with the signer's registered Ed25519 key. */
    BAD_SIGNATURE,
    /** A proposer or voter who is not a participant of the game. */
    NOT_A_PARTICIPANT,
    /** A participant proposing an operation that the rules say belongs to another player. */
    NOT_THE_ACTOR,
    /** A second vote by the same participant on the same proposal (the proposer's proposal is its vote). */
    DUPLICATE_VOTE,
    /** The same proposal (same content, so the same id) submitted while it is still open. */
    DUPLICATE_PROPOSAL,
    /** A proposal, or a validation, against a state hash the engine neither holds nor retains. */
    UNKNOWN_STATE_HASH,
    /** A proposal against a recent state hash that is no longer current. */
    STALE_PROPOSAL,
    /** A vote on a proposal id the engine does not know. */
    UNKNOWN_PROPOSAL,
    /**
     * A vote on a proposal that is already committed, rejected, stale or expired, or the same proposal submitted again
     * after it was closed against the current state: a closed proposal is never opened again, so its old votes never
     * count again.
     */
    PROPOSAL_CLOSED,
    /**
     * The proposer holds its share of the proposals against the current state, open or closed (the engine's maximum
     * of open proposals divided by the participants, at least one), or the engine holds as many open proposals as it
     * is configured to.
     */
    TOO_MANY_PROPOSALS,
    /** A proposal or vote signed for another game. */
    WRONG_GAME,

    // ---- the engine ----
    /** A {@link TransitionValidator} refused the new state. */
    VALIDATOR_REFUSED,
    /** The game bundle that holds the rules is gone; see {@link RulesUnavailableException}. */
    RULES_UNAVAILABLE,
    /** No engine is open for the game id. */
    UNKNOWN_GAME,
    /** An engine is already open for the game id. */
    GAME_EXISTS,
    /** A game spec that cannot open a game (no participants, a duplicate id, a key that is not Ed25519). */
    INVALID_GAME_SPEC,
    /** The engine was closed. */
    ENGINE_CLOSED,
    /**
     * The host applied an operation directly to a game whose spec accepts only operations proposed and voted by its
     * participants ({@link GameSpec#directApplies()} is false).
     */
    DIRECT_APPLY_REFUSED,

    // ---- the journal ----
    /**
     * The game's journal cannot take operations now: no journal store is registered, its database cannot be
     * reached, or (in asynchronous durability) it lags as far behind as the engine allows. Nothing is acknowledged
     * without durability; try again when the journal is back.
     */
    JOURNAL_UNAVAILABLE,
    /**
     * The game's journal does not check out (a broken hash chain, a snapshot that is not the state its row names, a
     * row whose signed proposal or votes do not verify, a direct row in a game that accepts none, a row the rules
     * cannot read or replay, a game of another type or genesis under the same id, rows missing that were
     * acknowledged): the message names the game and the version. Nothing is skipped or repaired.
     */
    JOURNAL_BROKEN,

    // ---- replication (since 1.3) ----
    /**
     * A replicated game's server cannot reach a majority of its peers, so nothing can be committed there now; the
     * message says what was tried. Nothing was acknowledged: the operation may still commit if a majority received
     * it, so a host retries with the same operation (a replicated engine never applies one request twice).
     */
    NO_QUORUM,
    /** The server asked is not the leader of the replicated log; the message names the leader where it is known. */
    NOT_LEADER,
    /**
     * This server's copy of a replicated game does not have the hash its peers agreed on for a version: the game is
     * stopped on this server, which serves none of its state any more; the message names the game, the server and the
     * version. The other servers go on.
     */
    REPLICA_DIVERGED,
    /**
     * A replicated request that was applied before came again (a host's retry after a leader change, or after a
     * {@link #NO_QUORUM}): it is not applied twice; the message says what the first one came to (for example the
     * version and hash it committed at). A retry of a request that was refused gets that refusal again instead.
     *
     * @since 1.4
     */
    ALREADY_APPLIED
}
