package io.freelock.example.tictactoe;

import java.util.Objects;

import io.freelock.consensus.RefusalReason;
import io.freelock.consensus.RefusedException;

/**
 * The one operation: {@code player} marks {@code cell} (0 to 8, row by row). Immutable.
 *
 * @param player the participant who moves
 * @param cell the cell marked
 */
record Mark(String player, int cell) {

    /** @throws RefusedException {@link RefusalReason#MALFORMED_OPERATION} for a cell outside 0..8 */
    Mark {
        Objects.requireNonNull(player, "player");
        if (cell < 0 || cell >= Board.CELLS) {
            throw new RefusedException(RefusalReason.MALFORMED_OPERATION, "cell " + cell + " is not 0 to 8");
        }
    }

    @Override
    public String toString() {
        return player + " " + cell;
    }
}
