package io.freelock.demo;

import java.util.Objects;

/**
 * A player's move at the demo's craps table, as it travels through a queue from the player's thread to the game
 * loop: a craps operation in its text form (see the game.craps README) for the dice round it was made in, or the
 * notice that the player sits the round out. No type of the consensus API appears here, so that the demo host can
 * create the queue without those bundles.
 *
 * @param player the player's id, a participant of the game
 * @param round the dice round the player saw when it moved; the loop drops a move whose round is over
 * @param kind what the move is
 * @param operation the operation text, e.g. {@code bet alice field 10}; empty for {@link Kind#SIT_OUT}
 */
public record Move(String player, long round, Kind kind, String operation) {

    /** What a player does in a round: bet, commit to a dice nonce, reveal it; or stay out of the round. */
    public enum Kind {
        BET, COMMIT, REVEAL, SIT_OUT
    }

    public Move {
        Objects.requireNonNull(player, "player");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(operation, "operation");
    }
}
