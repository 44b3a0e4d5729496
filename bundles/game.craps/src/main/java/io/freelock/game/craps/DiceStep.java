package io.freelock.game.craps;

/** Where the table is in producing the next roll by commit-reveal. */
public enum DiceStep {
    /** Bets are taken; players with a bet on the table commit SHA-256(nonce || round). */
    COMMITTING,
    /** Every committed player reveals its nonce; no bets are taken. */
    REVEALING
}
