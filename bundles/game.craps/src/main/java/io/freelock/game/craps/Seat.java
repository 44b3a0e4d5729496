package io.freelock.game.craps;

import java.util.Objects;

/**
 * A player at the table: chips in hand and, during a dice round, the commitment and the revealed nonce.
 *
 * @param player the player's id (a participant of the game)
 * @param balance chips in hand, not counting bets on the table
 * @param commitment SHA-256(nonce || round) for the current round, or null
 * @param reveal the nonce revealed for the current round, or null
 */
public record Seat(String player, long balance, Bytes32 commitment, Bytes32 reveal) {

    public Seat {
        Objects.requireNonNull(player, "player");
        if (balance < 0) {
            throw new IllegalArgumentException(player + "'s balance " + balance + " is negative");
        }
    }

    Seat withBalance(long newBalance) {
        return new Seat(player, newBalance, commitment, reveal);
    }

    Seat withCommitment(Bytes32 newCommitment) {
        return new Seat(player, balance, newCommitment, reveal);
    }

    Seat withReveal(Bytes32 nonce) {
        return new Seat(player, balance, commitment, nonce);
    }

    /** @return this seat with no commitment and no reveal: ready for the next dice round */
    Seat cleared() {
        return new Seat(player, balance, null, null);
    }
}
