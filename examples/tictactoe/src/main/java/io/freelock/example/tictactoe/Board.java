package io.freelock.example.tictactoe;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A tic-tac-toe game's state: the two players (the first plays X and moves first) and the nine cells, numbered
 * 0 to 8 row by row. Immutable; whose turn it is and who won follow from the cells, so they cannot disagree with
 * them.
 */
final class Board {

    static final int EMPTY = 0;
    /** Cells 0..8 in rows: 0 1 2 / 3 4 5 / 6 7 8. */
    static final int CELLS = 9;
    private static final int[][] LINES = {
        {0, 1, 2}, {3, 4, 5}, {6, 7, 8}, {0, 3, 6}, {1, 4, 7}, {2, 5, 8}, {0, 4, 8}, {2, 4, 6}};

    private final List<String> players;
    /** 0 = empty, 1 = the first player's X, 2 = the second player's O. */
    private final byte[] cells;

    Board(List<String> players, byte[] cells) {
        if (players.size() != 2 || players.get(0).equals(players.get(1))) {
            throw new IllegalArgumentException("a board has two different players, not " + players);
        }
        if (cells.length != CELLS) {
            throw new IllegalArgumentException("a board has " + CELLS + " cells, not " + cells.length);
        }
        int xs = 0;
        int os = 0;
        for (byte c : cells) {
            if (c < 0 || c > 2) {
                throw new IllegalArgumentException("a cell holds 0, 1 or 2, not " + c);
            }
            xs += c == 1 ? 1 : 0;
            os += c == 2 ? 1 : 0;
        }
        if (xs != os && xs != os + 1) { // X moves first, then they alternate
            throw new IllegalArgumentException(xs + " Xs and " + os + " Os cannot come from alternating moves");
        }
        this.players = List.copyOf(players);
        this.cells = cells.clone();
        // Nobody moves after a line is made, so only the player who made the last move can have one.
        int lineOf = lineOwner(this.cells);
        if (lineOf == 3 || lineOf == 1 && xs != os + 1 || lineOf == 2 && xs != os) {
            throw new IllegalArgumentException("no game reaches this board: moves went on after a line was made");
        }
    }

    /** @return 0 if no mark has a line, 1 or 2 for the mark that has, 3 if both have */
    private static int lineOwner(byte[] cells) {
        int owners = 0;
        for (int[] line : LINES) {
            int c = cells[line[0]];
            if (c != EMPTY && c == cells[line[1]] && c == cells[line[2]]) {
                owners |= c;
            }
        }
        return owners;
    }

    /** @return an empty board for these two players */
    static Board empty(List<String> players) {
        return new Board(players, new byte[CELLS]);
    }

    List<String> players() {
        return players;
    }

    /** @return 0 (empty), 1 (X) or 2 (O) */
    int cell(int index) {
        return cells[index];
    }

    byte[] cells() {
        return cells.clone();
    }

    int marks() {
        int n = 0;
        for (byte c : cells) {
            n += c == EMPTY ? 0 : 1;
        }
        return n;
    }

    /** @return the player whose turn it is (whether or not the game is over) */
    String toMove() {
        return players.get(marks() % 2);
    }

    /** @return the player with three in a line, if any */
    Optional<String> winner() {
        int owner = lineOwner(cells); // 1 or 2 at most: the constructor refuses a board where both have a line
        return owner == 0 ? Optional.empty() : Optional.of(players.get(owner - 1));
    }

    /** @return whether nobody can move any more: somebody won, or every cell is marked */
    boolean over() {
        return winner().isPresent() || marks() == CELLS;
    }

    /** @return this board with {@code cell} marked for the player to move; the caller checked it is legal */
    Board with(int cell) {
        byte[] next = cells.clone();
        next[cell] = (byte) (marks() % 2 + 1);
        return new Board(players, next);
    }

    /** @return e.g. {@code x o . / . x . / . . o; alice wins}, ending in {@code to move}, {@code wins} or {@code draw} */
    String describe() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < CELLS; i++) {
            text.append(".xo".charAt(cells[i])).append(i == CELLS - 1 ? "; " : i % 3 == 2 ? " / " : " ");
        }
        Optional<String> winner = winner();
        if (winner.isPresent()) {
            return text.append(winner.get()).append(" wins").toString();
        }
        return text.append(marks() == CELLS ? "draw" : toMove() + " to move").toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Board b && players.equals(b.players) && Arrays.equals(cells, b.cells);
    }

    @Override
    public int hashCode() {
        return 31 * players.hashCode() + Arrays.hashCode(cells);
    }

    @Override
    public String toString() {
        return describe();
    }
}
