package io.freelock.game.craps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

import io.freelock.consensus.GameEngine;
import io.freelock.consensus.RefusedException;
import io.freelock.consensus.Snapshot;
import io.freelock.consensus.StateHash;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

/**
 * Random tables: sequences of bets, commitments, reveals (mostly honest) and window closes by random players,
 * including one who is not seated, played through the engine.
 */
class CrapsPropertiesTest {

    private static final String[] PLAYERS = {"alice", "bob", "carol", "mallory"}; // mallory is not seated

    /** One random step, turned into an operation against the state it meets. */
    record Action(int verb, int player, BetKind kind, long amount, boolean honest) {

        CrapsOperation toOperation(CrapsState s) {
            long round = s.round();
            if (verb < 5) {
                return new CrapsOperation.PlaceBet(PLAYERS[player], kind, amount);
            }
            if (verb < 11 && s.step() == DiceStep.COMMITTING) { // towards a seat that still has to commit
                String who = pick(s, i -> s.takesPart(i) && s.seats().get(i).commitment() == null);
                return Fixtures.commit(s, who, Fixtures.nonce(who, round, 0));
            }
            if (verb < 11) { // towards a committed player who has not revealed; a few reveal a wrong nonce
                String who = pick(s, i -> s.seats().get(i).commitment() != null && s.seats().get(i).reveal() == null);
                return new CrapsOperation.RevealDice(who, Fixtures.nonce(who, round, honest ? 0 : 1));
            }
            return new CrapsOperation.CloseWindow(honest ? round : round + 1);
        }

        /** @return the player-th seat that matches, or the raw player (perhaps unseated) if none does */
        private String pick(CrapsState s, IntPredicate wanted) {
            List<String> matching = IntStream.range(0, s.seats().size()).filter(wanted)
                    .mapToObj(i -> s.seats().get(i).player()).toList();
            return matching.isEmpty() ? PLAYERS[player] : matching.get(player % matching.size());
        }
    }

    @Provide
    Arbitrary<List<Action>> games() {
        Arbitrary<Action> action = Combinators.combine(Arbitraries.integers().between(0, 11),
                Arbitraries.integers().between(0, 3), Arbitraries.of(BetKind.class),
                Arbitraries.longs().between(-1, 400).map(a -> a % 5 == 0 ? a / 5 * 6 : a),
                Arbitraries.integers().between(0, 9).map(i -> i > 0)).as(Action::new);
        return action.list().ofMinSize(20).ofMaxSize(80);
    }

    @Property(tries = 120, edgeCases = EdgeCasesMode.NONE)
    @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
    void chipsAreConservedVersionsAreContiguousAndRefusalsChangeNothing(@ForAll("games") List<Action> actions) {
        SignedCrapsGame table = new SignedCrapsGame("t", "alice", "bob", "carol");
        GameEngine<CrapsState, CrapsOperation> engine = table.engine;
        long total = engine.current().state().totalChips();
        for (Action action : actions) {
            Snapshot<CrapsState> before = engine.current();
            try {
                Snapshot<CrapsState> after = engine.apply(action.toOperation(before.state()));
                assertEquals(before.version() + 1, after.version());
                assertEquals(before.hash().next(table.rules.encodeOperation(action.toOperation(before.state())),
                        StateHash.digest(table.rules.encodeState(after.state()))), after.hash());
            } catch (RefusedException refused) {
                assertSame(before, engine.current());
            }
            CrapsState now = engine.current().state();
            assertEquals(total, now.totalChips(), "chips move only between players, the table and the house");
            now.seats().forEach(seat -> assertEquals(true, seat.balance() >= 0));
            assertEquals(true, now.exposure() <= now.bond(), "the table limit holds");
        }
        // the generator must reach settlements often enough for the property to mean something
        Statistics.label("rolled").collect(engine.current().state().rolls() > 0);
        Statistics.label("rolled").coverage(check -> check.check(true).percentage(p -> p >= 50));
    }

    @Property(tries = 60, edgeCases = EdgeCasesMode.NONE)
    void theSameOperationsGiveTheSameHashAndTheSameStateOnEveryEngine(@ForAll("games") List<Action> actions) {
        String instance = "c0".repeat(32); // two servers playing one instance of the game
        SignedCrapsGame one = new SignedCrapsGame("t", instance, List.of("alice", "bob", "carol"));
        SignedCrapsGame two = new SignedCrapsGame("t", instance, List.of("alice", "bob", "carol"));
        for (Action action : actions) {
            CrapsOperation operation = action.toOperation(one.engine.current().state());
            boolean firstTook = applied(one.engine, operation);
            assertEquals(firstTook, applied(two.engine, operation), "both engines decide alike");
        }
        assertEquals(one.engine.current().hash(), two.engine.current().hash());
        assertEquals(one.engine.current().version(), two.engine.current().version());
        assertArrayEquals(one.rules.encodeState(one.engine.current().state()),
                two.rules.encodeState(two.engine.current().state()));
    }

    private static boolean applied(GameEngine<CrapsState, CrapsOperation> engine, CrapsOperation operation) {
        try {
            engine.apply(operation);
            return true;
        } catch (RefusedException refused) {
            return false;
        }
    }
}
