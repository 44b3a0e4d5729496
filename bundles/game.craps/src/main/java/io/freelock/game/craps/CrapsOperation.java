package io.freelock.game.craps;

import java.util.Objects;

import io.freelock.consensus.Bytes32;

/** What can be done at the table. Immutable values; see {@link CrapsRules} for when each is allowed. */
public sealed interface CrapsOperation {

    /** @return the player the operation acts for, or null if it is the table's (anyone may propose it) */
    String actor();

    /** A player puts {@code amount} chips on a bet. */
    record PlaceBet(String player, BetKind kind, long amount) implements CrapsOperation {
        public PlaceBet {
            Objects.requireNonNull(player, "player");
            Objects.requireNonNull(kind, "kind");
        }

        @Override
        public String actor() {
            return player;
        }
    }

    /**
     * A player taking part in the dice commits to a nonce and posts the bond: {@code commitment} is
     * {@link Dice#commitment}, bound to the game instance, the round and the player. It closes the player's bets.
     */
    record CommitDice(String player, Bytes32 commitment) implements CrapsOperation {
        public CommitDice {
            Objects.requireNonNull(player, "player");
            Objects.requireNonNull(commitment, "commitment");
        }

        @Override
        public String actor() {
            return player;
        }
    }

    /** A committed player reveals its nonce, once every player taking part has committed; the last reveal rolls. */
    record RevealDice(String player, Bytes32 nonce) implements CrapsOperation {
        public RevealDice {
            Objects.requireNonNull(player, "player");
            Objects.requireNonNull(nonce, "nonce");
        }

        @Override
        public String actor() {
            return player;
        }
    }

    /**
     * The table closes the current step of dice round {@code round} because its time ran out. It voids the round,
     * never rolls it: closing the commit step returns the bonds; closing the reveal step forfeits the bond and bets
     * of each player who did not reveal and returns the others' (see {@link CrapsRules}). So no closing coalition
     * can bias the dice, and the close needs no actor: any participant proposes it once its clock says the window
     * is over, and it commits only when two thirds agree.
     */
    record CloseWindow(long round) implements CrapsOperation {
        @Override
        public String actor() {
            return null;
        }
    }
}
