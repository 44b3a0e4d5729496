package io.freelock.consensus;

/** Where a proposal stands. Only {@link #OPEN} takes votes; {@link #DECIDING} lasts while its commit is attempted. */
public enum ProposalStatus {
    /** Taking votes. */
    OPEN,
    /** Two thirds of the participants voted for it; the engine is installing it now. */
    DECIDING,
    /** Applied: the state it was proposed against was still current when the quorum was reached. */
    COMMITTED,
    /** More than a third of the participants voted against it, or the rules or a validator refused it at commit. */
    REJECTED,
    /**
     * The state it was proposed against is no longer current: closed when the state moved, or, if the quorum was
     * reached as it moved, at the quorum.
     */
    STALE,
    /** Its time ran out before a decision. */
    EXPIRED;

    /** @return whether the proposal is decided for good */
    public boolean isClosed() {
        return this != OPEN && this != DECIDING;
    }
}
