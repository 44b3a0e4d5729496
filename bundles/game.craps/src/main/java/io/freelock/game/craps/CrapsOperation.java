package io.freelock.game.craps;

import java.util.Objects;

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

    /** A player with a bet on the table commits to a nonce: {@code commitment = SHA-256(nonce || round)}. */
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

    /** A committed player reveals its nonce; the last reveal rolls the dice. */
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
     * The table closes the current step of dice round {@code round} because its time ran out: committing ends
     * with the commitments made; revealing ends with the forfeit rule (see {@link CrapsRules}). Proposed by any
     * participant once its clock says the window is over, and committed only when two thirds agree.
     */
    record CloseWindow(long round) implements CrapsOperation {
        @Override
        public String actor() {
            return null;
        }
    }
}
