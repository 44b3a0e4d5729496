package io.freelock.game.craps;

/** Where the table is in producing the next roll by commit-reveal. */
public enum DiceStep {
    /** Bets are taken; every player taking part commits to a nonce and posts the bond, which closes its bets. */
    COMMITTING,
    /** Every player taking part has committed; each reveals its nonce; no bets are taken. */
    REVEALING
}
