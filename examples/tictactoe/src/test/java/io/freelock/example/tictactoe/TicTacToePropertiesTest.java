package io.freelock.example.tictactoe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.freelock.consensus.GameEngine;
import io.freelock.consensus.GameSpec;
import io.freelock.consensus.Participant;
import io.freelock.consensus.RefusedException;
import io.freelock.consensus.Snapshot;
import io.freelock.consensus.engine.EngineFactory;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random move sequences, legal and not (wrong turn, taken cell, a stranger, moves after the end), played through the
 * real engine: what every game must keep.
 */
class TicTacToePropertiesTest {

    private static final String[] WHO = {"alice", "bob", "mallory"}; // mallory does not play

    @Provide
    Arbitrary<List<Mark>> moves() {
        Arbitrary<Mark> mark = Arbitraries.integers().between(0, 8).flatMap(cell ->
                Arbitraries.of(WHO).map(player -> new Mark(player, cell)));
        return mark.list().ofMinSize(1).ofMaxSize(30);
    }

    /** Determinism: two engines fed the same moves agree on every version, state and hash. */
    @Property(tries = 200)
    void theSameMovesGiveTheSameHashes(@ForAll("moves") List<Mark> moves) {
        String instance = "ab".repeat(32); // one instance for both, so their genesis hashes are equal too
        GameEngine<Board, Mark> one = open(instance);
        GameEngine<Board, Mark> two = open(instance);
        assertEquals(one.current().hash(), two.current().hash());
        for (Mark mark : moves) {
            boolean first = tryApply(one, mark);
            assertEquals(first, tryApply(two, mark), "one engine took " + mark + " and the other did not");
            assertEquals(one.current().version(), two.current().version());
            assertEquals(one.current().hash(), two.current().hash());
            assertArrayEquals(one.encodeState(one.current().state()), two.encodeState(two.current().state()));
        }
    }

    /** A refused move leaves the game exactly as it was; a taken one adds exactly one mark and one version. */
    @Property(tries = 200)
    void aRefusalChangesNothingAndAMoveAddsOneMark(@ForAll("moves") List<Mark> moves) {
        GameEngine<Board, Mark> engine = open("");
        for (Mark mark : moves) {
            Snapshot<Board> before = engine.current();
            if (tryApply(engine, mark)) {
                assertEquals(before.version() + 1, engine.current().version());
                assertEquals(before.state().marks() + 1, engine.current().state().marks());
                assertEquals(mark.player(), before.state().toMove());
            } else {
                assertEquals(before, engine.current(), "a refused " + mark + " replaced the snapshot");
                assertTrue(before.state().over() || !before.state().toMove().equals(mark.player())
                        || before.state().cell(mark.cell()) != Board.EMPTY, "a legal " + mark + " was refused");
            }
        }
        Board end = engine.current().state();
        assertTrue(end.marks() <= Board.CELLS);
        assertEquals(end.winner().isPresent() || end.marks() == Board.CELLS, end.over());
    }

    @SuppressWarnings("unchecked")
    private static GameEngine<Board, Mark> open(String instance) {
        EngineFactory factory = new EngineFactory();
        factory.addRules(new TicTacToeRules(), Map.of("game.type", TicTacToeRules.GAME_TYPE));
        List<Participant> players = new ArrayList<>();
        for (String id : List.of("alice", "bob")) {
            players.add(new Participant(id, Participant.generateKeys().getPublic()));
        }
        GameSpec spec = new GameSpec("ttt", TicTacToeRules.GAME_TYPE, players, Map.of());
        return (GameEngine<Board, Mark>) factory.open(instance.isEmpty() ? spec : spec.withInstance(instance));
    }

    /** @return whether the engine took the move; a refusal is an answer, not a failure */
    private static boolean tryApply(GameEngine<Board, Mark> engine, Mark mark) {
        try {
            engine.apply(mark);
            return true;
        } catch (RefusedException refused) {
            return false;
        }
    }
}
