package io.freelock.game.craps;

import java.util.Arrays;
import java.util.Locale;

/**
 * The bets the table takes, with standard payouts (winnings per stake, as numerator:denominator):
 * <ul>
 * <li>PASS_LINE, 1:1, come-out only. Come-out: 7 or 11 win, 2, 3 or 12 lose, else its number is the point; then the
 * point wins, a 7 loses.</li>
 * <li>DONT_PASS, 1:1, come-out only. Come-out: 2 or 3 win, 12 pushes (bar 12), 7 or 11 lose; then a 7 wins, the point
 * loses.</li>
 * <li>COME, 1:1, point phase only. Its next roll is its own come-out: 7 or 11 win, 2, 3 or 12 lose, else it moves to
 * that number; then its number wins, a 7 loses (in either phase).</li>
 * <li>FIELD, one roll: 3, 4, 9, 10, 11 pay 1:1, 2 and 12 pay 2:1; 5, 6, 7, 8 lose.</li>
 * <li>PLACE_6 and PLACE_8, 7:6, in stakes of multiples of 6: the number wins (the bet stays up), a 7 loses; off
 * (no action) on come-out rolls.</li>
 * <li>ANY_SEVEN, one roll: 7 pays 4:1, anything else loses.</li>
 * <li>HARD_4 and HARD_10 pay 7:1, HARD_6 and HARD_8 pay 9:1: the number rolled as a pair wins (the bet stays up); a
 * 7, or the number rolled any other way, loses; off on come-out rolls.</li>
 * </ul>
 * A bet that wins and is removed returns its stake with the winnings; one that stays up pays the winnings only.
 */
public enum BetKind {
    PASS_LINE(1, 1, 1),
    DONT_PASS(1, 1, 1),
    COME(1, 1, 1),
    FIELD(1, 1, 1),
    PLACE_6(7, 6, 6),
    PLACE_8(7, 6, 6),
    ANY_SEVEN(4, 1, 1),
    HARD_4(7, 1, 1),
    HARD_6(9, 1, 1),
    HARD_8(9, 1, 1),
    HARD_10(7, 1, 1);

    /** The Field pays 2:1 on 2 and 12. */
    static final int FIELD_DOUBLE = 2;

    private final int payNumerator;
    private final int payDenominator;
    private final int stakeUnit;

    BetKind(int payNumerator, int payDenominator, int stakeUnit) {
        this.payNumerator = payNumerator;
        this.payDenominator = payDenominator;
        this.stakeUnit = stakeUnit;
    }

    /** @return the winnings on {@code stake} at this bet's usual odds (the Field's 2:1 is {@link #FIELD_DOUBLE}) */
    long winnings(long stake) {
        return Math.multiplyExact(stake, (long) payNumerator) / payDenominator;
    }

    /**
     * @return what one roll can move between the bettor and the house on {@code stake}: the stake it can lose or the
     *         most it can win (the Field's 2:1 included), whichever is more. The table limit is on the sum of these
     *         (see {@link CrapsRules}), so that a voided round can never be worth more than the bond it costs.
     */
    long exposure(long stake) {
        long most = this == FIELD ? Math.multiplyExact(stake, (long) FIELD_DOUBLE) : winnings(stake);
        return Math.max(stake, most);
    }

    /** @return the stake must be a multiple of this (6 for Place 6/8, so that 7:6 pays whole chips) */
    public int stakeUnit() {
        return stakeUnit;
    }

    /** @return whether the bet may be placed in {@code phase} */
    public boolean allowedIn(Phase phase) {
        switch (this) {
            case PASS_LINE:
            case DONT_PASS:
                return phase == Phase.COME_OUT;
            case COME:
                return phase == Phase.POINT;
            default:
                return true;
        }
    }

    /** @return the number a Hardway bet is on (4, 6, 8, 10), or 0 */
    int hardNumber() {
        switch (this) {
            case HARD_4: return 4;
            case HARD_6: return 6;
            case HARD_8: return 8;
            case HARD_10: return 10;
            default: return 0;
        }
    }

    /** @return the number a Place bet is on (6, 8), or 0 */
    int placeNumber() {
        return this == PLACE_6 ? 6 : this == PLACE_8 ? 8 : 0;
    }

    /**
     * @param text the name in any case, with or without underscores ({@code pass_line}, {@code PassLine},
     *        {@code hard8})
     * @throws IllegalArgumentException if no bet has that name
     */
    public static BetKind parse(String text) {
        String wanted = text.replace("_", "").replace("-", "").toUpperCase(Locale.ROOT);
        for (BetKind kind : values()) {
            if (kind.name().replace("_", "").equals(wanted)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("no bet '" + text + "'; bets are " + Arrays.toString(values()));
    }
}
