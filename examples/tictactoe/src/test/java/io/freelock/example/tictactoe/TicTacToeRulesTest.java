package io.freelock.example.tictactoe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.freelock.consensus.GameSpec;
import io.freelock.consensus.Participant;
import io.freelock.consensus.RefusalReason;
import io.freelock.consensus.RefusedException;

class TicTacToeRulesTest {

    private final TicTacToeRules rules = new TicTacToeRules();
    private final Board empty = Board.empty(List.of("alice", "bob"));

    /** @return the board after alternating marks on these cells, alice first */
    private Board play(int... cells) {
        Board board = empty;
        for (int cell : cells) {
            board = rules.apply(board, new Mark(board.toMove(), cell));
        }
        return board;
    }

    /** Asserts that {@code mark} is refused for {@code reason} and that the board it met is unchanged. */
    private void assertRefused(Board board, Mark mark, RefusalReason reason) {
        byte[] before = rules.encodeState(board);
        RefusedException refusal = assertThrows(RefusedException.class, () -> rules.apply(board, mark));
        assertEquals(reason, refusal.reason(), refusal.getMessage());
        assertArrayEquals(before, rules.encodeState(board));
    }

    @Test
    void theFirstParticipantPlaysXAndMovesFirst() throws Exception {
        GameSpec spec = new GameSpec("g", TicTacToeRules.GAME_TYPE, List.of(
                new Participant("carol", Participant.generateKeys().getPublic()),
                new Participant("dave", Participant.generateKeys().getPublic())), Map.of());
        Board board = rules.initialState(spec);
        assertEquals("carol", board.toMove());
        assertEquals(". . . / . . . / . . .; carol to move", rules.describeState(board));
        assertEquals("x . . / . . . / . . .; dave to move", rules.describeState(rules.apply(board, new Mark("carol", 0))));
    }

    @Test
    void aGameIsForTwoPlayers() throws Exception {
        List<Participant> three = new ArrayList<>();
        for (String id : List.of("a", "b", "c")) {
            three.add(new Participant(id, Participant.generateKeys().getPublic()));
        }
        RefusedException refusal = assertThrows(RefusedException.class,
                () -> rules.initialState(new GameSpec("g", TicTacToeRules.GAME_TYPE, three, Map.of())));
        assertEquals(RefusalReason.INVALID_GAME_SPEC, refusal.reason());
        assertTrue(refusal.getMessage().contains("two players, not 3"), refusal.getMessage());
    }

    @Test
    void threeInARowColumnOrDiagonalWins() {
        assertEquals("x x x / o o . / . . .; alice wins", play(0, 3, 1, 4, 2).describe());
        assertEquals("x o x / x o . / . o .; bob wins", play(0, 1, 2, 4, 3, 7).describe());
        assertEquals("x o o / . x . / . . x; alice wins", play(0, 1, 4, 2, 8).describe());
        assertEquals("x x o / . o . / o x .; bob wins", play(0, 2, 1, 4, 7, 6).describe());
    }

    @Test
    void aFullBoardWithoutALineIsADraw() {
        Board board = play(0, 1, 2, 4, 3, 5, 7, 6, 8);
        assertEquals("x o x / x o o / o x x; draw", board.describe());
        assertTrue(board.over());
    }

    @Test
    void everyIllegalMoveIsRefusedForItsReasonAndChangesNothing() {
        Board started = play(4);
        assertRefused(started, new Mark("alice", 0), RefusalReason.ILLEGAL_OPERATION); // not alice's turn
        assertRefused(started, new Mark("bob", 4), RefusalReason.ILLEGAL_OPERATION);   // taken
        assertRefused(started, new Mark("mallory", 0), RefusalReason.UNKNOWN_PLAYER);
        assertRefused(play(0, 3, 1, 4, 2), new Mark("bob", 8), RefusalReason.WRONG_PHASE); // alice has won
        assertRefused(play(0, 1, 2, 4, 3, 5, 7, 6, 8), new Mark("bob", 0), RefusalReason.WRONG_PHASE); // draw
        RefusedException taken = assertThrows(RefusedException.class, () -> rules.apply(started, new Mark("bob", 4)));
        assertTrue(taken.getMessage().contains("cell 4 is taken"), taken.getMessage());
    }

    @Test
    void aCellOutsideTheBoardIsMalformed() {
        assertEquals(RefusalReason.MALFORMED_OPERATION,
                assertThrows(RefusedException.class, () -> new Mark("alice", 9)).reason());
        assertEquals(RefusalReason.MALFORMED_OPERATION,
                assertThrows(RefusedException.class, () -> rules.parseOperation("alice 10")).reason());
        assertEquals(RefusalReason.MALFORMED_OPERATION,
                assertThrows(RefusedException.class, () -> rules.parseOperation("alice")).reason());
        assertEquals(new Mark("bob", 7), rules.parseOperation("  bob   7 "));
    }

    @Test
    void encodingsRoundTripAndRefuseWhatNoEncoderWrites() {
        Board board = play(4, 0, 8);
        assertEquals(board, rules.decodeState(rules.encodeState(board)));
        assertArrayEquals(rules.encodeState(board), rules.encodeState(rules.decodeState(rules.encodeState(board))));
        Mark mark = new Mark("bob", 2);
        assertEquals(mark, rules.decodeOperation(rules.encodeOperation(mark)));

        byte[] state = rules.encodeState(board);
        byte[] twoXs = state.clone();
        twoXs[state.length - 9 + 0] = 1; // bob's O at 0 turned into a third X: not from alternating moves
        assertThrows(IllegalArgumentException.class, () -> rules.decodeState(twoXs));
        byte[] afterTheEnd = rules.encodeState(play(0, 3, 1, 4, 2)); // alice has the top row
        afterTheEnd[afterTheEnd.length - 9 + 5] = 2; // and bob moved once more
        assertThrows(IllegalArgumentException.class, () -> rules.decodeState(afterTheEnd));
        byte[] bothLines = rules.encodeState(play(0, 3, 1, 4, 8, 5)); // bob has the middle row
        bothLines[bothLines.length - 9 + 2] = 1; // and alice the top row too: her X on 8 moved to 2
        bothLines[bothLines.length - 9 + 8] = 0;
        assertThrows(IllegalArgumentException.class, () -> rules.decodeState(bothLines));
        byte[] longer = java.util.Arrays.copyOf(state, state.length + 1);
        assertThrows(IllegalArgumentException.class, () -> rules.decodeState(longer));

        byte[] operation = rules.encodeOperation(mark);
        byte[] offBoard = operation.clone();
        offBoard[operation.length - 1] = 9;
        assertEquals(RefusalReason.MALFORMED_OPERATION,
                assertThrows(RefusedException.class, () -> rules.decodeOperation(offBoard)).reason());
        byte[] truncated = java.util.Arrays.copyOf(operation, operation.length - 1);
        assertEquals(RefusalReason.MALFORMED_OPERATION,
                assertThrows(RefusedException.class, () -> rules.decodeOperation(truncated)).reason());
    }
}
