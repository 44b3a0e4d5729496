package io.freelock.example.tictactoe;

import java.util.List;
import java.util.Optional;

import org.osgi.service.component.annotations.Component;

import io.freelock.consensus.CanonicalReader;
import io.freelock.consensus.CanonicalWriter;
import io.freelock.consensus.GameSpec;
import io.freelock.consensus.Participant;
import io.freelock.consensus.RefusalReason;
import io.freelock.consensus.RefusedException;
import io.freelock.consensus.StateMachine;

/**
 * Tic-tac-toe as a {@link StateMachine}, registered with {@code game.type=tictactoe}. A game has exactly two
 * participants; the first plays X and moves first. Stateless and pure: one instance serves every game from any
 * thread, and the same board and mark always give the same next board.
 *
 * <p>Text forms: an operation is {@code <player> <cell>} (e.g. {@code alice 4}); a state reads
 * {@code x . . / . o . / . . .; alice to move}, and its last words are {@code to move}, {@code wins} or
 * {@code draw}, which is all a host needs to know whether the game is over.
 */
@Component
@StateMachine.GameType(TicTacToeRules.GAME_TYPE)
public final class TicTacToeRules implements StateMachine<Board, Mark> {

    static final String GAME_TYPE = "tictactoe";
    /** Longest player id a decoder accepts, in UTF-8 bytes: {@link Participant#ID} allows 64 ASCII characters. */
    private static final int MAX_ID_BYTES = 64;

    @Override
    public Board initialState(GameSpec spec) {
        if (spec.participants().size() != 2) {
            throw new RefusedException(RefusalReason.INVALID_GAME_SPEC, "tic-tac-toe is for two players, not "
                    + spec.participants().size() + " (" + spec.participantIds() + ")");
        }
        return Board.empty(spec.participantIds());
    }

    @Override
    public Board apply(Board board, Mark mark) {
        if (board.over()) {
            throw new RefusedException(RefusalReason.WRONG_PHASE, "the game is over: " + board.describe());
        }
        if (!board.players().contains(mark.player())) {
            throw new RefusedException(RefusalReason.UNKNOWN_PLAYER,
                    "'" + mark.player() + "' does not play here; the players are " + board.players());
        }
        if (!board.toMove().equals(mark.player())) {
            throw new RefusedException(RefusalReason.ILLEGAL_OPERATION, "it is " + board.toMove() + "'s turn, not "
                    + mark.player() + "'s");
        }
        if (board.cell(mark.cell()) != Board.EMPTY) {
            throw new RefusedException(RefusalReason.ILLEGAL_OPERATION, "cell " + mark.cell() + " is taken");
        }
        return board.with(mark.cell());
    }

    @Override
    public byte[] encodeState(Board board) {
        return new CanonicalWriter().writeString(board.players().get(0)).writeString(board.players().get(1))
                .writeFixed(board.cells()).toByteArray();
    }

    @Override
    public Board decodeState(byte[] bytes) {
        CanonicalReader in = new CanonicalReader(bytes);
        List<String> players = List.of(in.readString(MAX_ID_BYTES), in.readString(MAX_ID_BYTES));
        byte[] cells = in.readFixed(Board.CELLS);
        in.expectEnd();
        return new Board(players, cells); // checks what no encoder would write
    }

    @Override
    public byte[] encodeOperation(Mark mark) {
        return new CanonicalWriter().writeString(mark.player()).writeByte(mark.cell()).toByteArray();
    }

    @Override
    public Mark decodeOperation(byte[] bytes) {
        try {
            CanonicalReader in = new CanonicalReader(bytes);
            Mark mark = new Mark(in.readString(MAX_ID_BYTES), in.readByte());
            in.expectEnd();
            return mark;
        } catch (IllegalArgumentException e) {
            throw new RefusedException(RefusalReason.MALFORMED_OPERATION, e.getMessage(), e);
        }
    }

    @Override
    public Mark parseOperation(String text) {
        String[] words = text.trim().split("\\s+");
        if (words.length != 2 || !words[1].matches("\\d")) {
            throw new RefusedException(RefusalReason.MALFORMED_OPERATION, "'" + text + "' is not '<player> <cell 0-8>'");
        }
        return new Mark(words[0], Integer.parseInt(words[1]));
    }

    @Override
    public Optional<String> actor(Mark mark) {
        return Optional.of(mark.player()); // only a player may propose its own move
    }

    @Override
    public String describeState(Board board) {
        return board.describe();
    }
}
