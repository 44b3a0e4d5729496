package io.freelock.game.craps;

import java.util.Objects;

import io.freelock.consensus.Bytes32;

/**
 * A player at the table: chips in hand, the bond it has posted for the current dice round, and its commitment and
 * revealed nonce for that round.
 *
 * @param player the player's id (a participant of the game)
 * @param balance chips in hand, not counting bets on the table or the bond
 * @param escrow the bond posted with the commitment of the current round (see {@link CrapsRules}); 0 before it
 *        commits. Positive exactly when {@code commitment} is set.
 * @param commitment the dice commitment for the current round (see {@link Dice#commitment}), or null
 * @param reveal the nonce revealed for the current round, or null
 */
public record Seat(String player, long balance, long escrow, Bytes32 commitment, Bytes32 reveal) {

    public Seat {
        Objects.requireNonNull(player, "player");
        if (balance < 0 || escrow < 0) {
            throw new IllegalArgumentException(player + "'s balance " + balance + " or bond " + escrow + " is negative");
        }
        if ((escrow > 0) != (commitment != null) || (reveal != null && commitment == null)) {
            throw new IllegalArgumentException(player + " has a bond of " + escrow + ", a commitment "
                    + (commitment != null) + " and a reveal " + (reveal != null) + ": a bond goes with a commitment");
        }
    }

    /** A seat in no dice round yet. */
    Seat(String player, long balance) {
        this(player, balance, 0, null, null);
    }

    Seat withBalance(long newBalance) {
        return new Seat(player, newBalance, escrow, commitment, reveal);
    }

    /** @return this seat with {@code bond} moved from its hand into escrow, committed to {@code newCommitment} */
    Seat committed(long bond, Bytes32 newCommitment) {
        return new Seat(player, Math.subtractExact(balance, bond), bond, newCommitment, null);
    }

    Seat withReveal(Bytes32 nonce) {
        return new Seat(player, balance, escrow, commitment, nonce);
    }

    /** @return this seat with its bond back in hand, no commitment and no reveal: ready for the next dice round */
    Seat bondReturned() {
        return new Seat(player, Math.addExact(balance, escrow), 0, null, null);
    }

    /** @return this seat without its bond (forfeited), no commitment and no reveal */
    Seat bondForfeited() {
        return new Seat(player, balance, 0, null, null);
    }
}
