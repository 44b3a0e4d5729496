package io.freelock.game.craps;

import java.util.Comparator;
import java.util.Objects;

/**
 * Chips on the table.
 *
 * @param seat the index of the betting player's seat
 * @param kind the bet
 * @param amount the stake, positive
 * @param point for a Come bet that has moved, its number (4..10); else 0
 */
public record Bet(int seat, BetKind kind, long amount, int point) {

    /** The canonical order of bets in a state: by seat, then kind, then point. */
    static final Comparator<Bet> CANONICAL = Comparator.comparingInt(Bet::seat)
            .thenComparing(Bet::kind).thenComparingInt(Bet::point);

    public Bet {
        Objects.requireNonNull(kind, "kind");
        if (amount <= 0) {
            throw new IllegalArgumentException("a bet of " + amount + " is not positive");
        }
        if (point != 0 && (kind != BetKind.COME || point < 4 || point > 10 || point == 7)) {
            throw new IllegalArgumentException("a " + kind + " bet cannot stand on " + point);
        }
    }

    /** @return whether {@code other} is the same bet position (so the two stakes merge) */
    boolean samePosition(Bet other) {
        return seat == other.seat && kind == other.kind && point == other.point;
    }
}
