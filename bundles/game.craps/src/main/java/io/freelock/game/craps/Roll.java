package io.freelock.game.craps;

/**
 * Two dice.
 *
 * @param die1 1..6
 * @param die2 1..6
 */
public record Roll(int die1, int die2) {

    public Roll {
        if (die1 < 1 || die1 > 6 || die2 < 1 || die2 > 6) {
            throw new IllegalArgumentException("dice " + die1 + " and " + die2 + " are not both 1..6");
        }
    }

    /** @return the sum of the dice, 2..12 */
    public int total() {
        return die1 + die2;
    }

    /** @return whether both dice show the same face (a "hard" 4, 6, 8 or 10) */
    public boolean isPair() {
        return die1 == die2;
    }

    @Override
    public String toString() {
        return die1 + "+" + die2 + "=" + total();
    }
}
