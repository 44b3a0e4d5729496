package io.freelock.consensus.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.freelock.consensus.GameEngine;
import io.freelock.consensus.GameSpec;
import io.freelock.consensus.Participant;
import io.freelock.consensus.RefusalReason;
import io.freelock.consensus.RefusedException;
import io.freelock.consensus.RulesUnavailableException;
import io.freelock.consensus.Snapshot;
import io.freelock.consensus.testkit.CounterGame;
import io.freelock.consensus.testkit.Players;

class RulesBindingTest {

    private static final Map<String, Object> COUNTER = Map.of("game.type", CounterGame.TYPE);

    private final EngineFactory factory = new EngineFactory();
    private final List<Participant> participants = Players.withKeys(1).participants();

    @SuppressWarnings("unchecked")
    private GameEngine<Long, Long> open(String gameId) {
        return (GameEngine<Long, Long>) factory.open(new GameSpec(gameId, CounterGame.TYPE, participants));
    }

    @Test
    void openingAGameWhoseRulesAreMissingNamesTheGameAndTheType() {
        RulesUnavailableException refused = assertThrows(RulesUnavailableException.class, () -> open("t1"));
        assertEquals("t1", refused.gameId());
        assertEquals(CounterGame.TYPE, refused.gameType());
        assertEquals(RefusalReason.RULES_UNAVAILABLE, refused.reason());
        assertTrue(refused.getMessage().contains("'t1'") && refused.getMessage().contains("game.type=counter"),
                refused.getMessage());
    }

    @Test
    void anEngineReportsItsRulesLeavingAndGoesOnFromTheSameStateWhenTheyReturn() {
        CountingCounterGame first = new CountingCounterGame();
        factory.addRules(first, COUNTER);
        GameEngine<Long, Long> engine = open("t1");
        engine.apply(4L);
        Snapshot<Long> before = engine.current();

        factory.removeRules(first, COUNTER);
        assertFalse(engine.rulesAvailable());
        assertEquals(Set.of(), factory.gameTypes());
        RulesUnavailableException absent = assertThrows(RulesUnavailableException.class, () -> engine.apply(1L));
        assertEquals("t1", absent.gameId());
        assertTrue(absent.getMessage().contains("game.type=counter"), absent.getMessage());
        assertSame(before, engine.current(), "reads still answer, and nothing changed");

        CountingCounterGame second = new CountingCounterGame(); // a restarted bundle: a new instance
        factory.addRules(second, COUNTER);
        assertTrue(engine.rulesAvailable());
        Snapshot<Long> resumed = engine.current();
        assertEquals(before.version(), resumed.version());
        assertEquals(before.hash(), resumed.hash());
        assertEquals(4L, resumed.state(), "the state was carried over through its canonical bytes");
        assertEquals(5L, engine.apply(1L).state());
        assertEquals(2, engine.current().version());
        assertEquals(2, second.applyCalls.get(), "one to show it reproduces the last commit, one to play");
    }

    @Test
    void aHigherRankedServiceTakesOverAndTheOldOneIsUsedAgainWhenItLeaves() {
        CountingCounterGame low = new CountingCounterGame();
        CountingCounterGame high = new CountingCounterGame();
        factory.addRules(low, COUNTER);
        GameEngine<Long, Long> engine = open("t1");
        factory.addRules(high, Map.of("game.type", CounterGame.TYPE, "service.ranking", 10));
        engine.apply(1L);
        assertEquals(1, high.applyCalls.get());
        assertEquals(0, low.applyCalls.get());
        factory.removeRules(high, Map.of());
        engine.apply(1L);
        assertEquals(2, low.applyCalls.get(), "one to show it reproduces the last commit, one to play");
        assertEquals(2L, engine.current().state());
    }

    @Test
    void rulesThatCannotReadTheStateAreRefusedAndTheEngineSaysWhy() {
        CountingCounterGame first = new CountingCounterGame();
        factory.addRules(first, COUNTER);
        GameEngine<Long, Long> engine = open("t1");
        factory.removeRules(first, COUNTER);
        CountingCounterGame broken = new CountingCounterGame() {
            @Override
            public Long decodeState(byte[] bytes) {
                throw new IllegalArgumentException("version 2 state format expected");
            }
        };
        factory.addRules(broken, COUNTER);
        assertFalse(engine.rulesAvailable());
        RulesUnavailableException absent = assertThrows(RulesUnavailableException.class, () -> engine.apply(1L));
        assertTrue(absent.getMessage().contains("cannot read the state"), absent.getMessage());
        factory.addRules(new CountingCounterGame(), Map.of("game.type", CounterGame.TYPE, "service.ranking", 5));
        assertTrue(engine.rulesAvailable());
    }

    @Test
    void aServiceWhoseGameTypeChangesMovesItsEngines() {
        CountingCounterGame rules = new CountingCounterGame();
        factory.addRules(rules, COUNTER);
        GameEngine<Long, Long> engine = open("t1");
        factory.updateRules(rules, Map.of("game.type", "other"));
        assertFalse(engine.rulesAvailable());
        assertEquals(Set.of("other"), factory.gameTypes());
        factory.updateRules(rules, COUNTER);
        assertTrue(engine.rulesAvailable());
    }

    @Test
    void gamesAreFoundListedAndClosedById() {
        factory.addRules(new CountingCounterGame(), COUNTER);
        GameEngine<Long, Long> one = open("t1");
        open("t2");
        RefusedException exists = assertThrows(RefusedException.class, () -> open("t1"));
        assertEquals(RefusalReason.GAME_EXISTS, exists.reason());
        assertSame(one, factory.find("t1").orElseThrow());
        assertEquals(List.of("t1", "t2"), factory.engines().stream().map(GameEngine::gameId).toList());
        assertTrue(factory.close("t2"));
        assertTrue(factory.find("t2").isEmpty());
        assertEquals(1, factory.engines().size());
    }

    @Test
    void aServiceWithoutAGameTypeIsIgnored() {
        factory.addRules(new CountingCounterGame(), Map.of());
        assertEquals(Set.of(), factory.gameTypes());
    }

    /** @return game t1, opened with the counter rules of version 1 */
    private GameEngine<Long, Long> openWithCounter() {
        factory.addRules(new CountingCounterGame(), COUNTER);
        return open("t1");
    }

    /** Counter rules of another version, whose operations count a thousand times as much. */
    private static final class InflatedCounter extends CountingCounterGame {
        @Override
        public Long apply(Long state, Long operation) {
            return super.apply(state, operation * 1_000);
        }

        @Override
        public String rulesVersion() {
            return "2";
        }
    }

    @Test
    void rulesOfAnotherVersionThatPlayTheGameDifferentlyAreRefusedMidGame() {
        GameEngine<Long, Long> engine = openWithCounter();
        engine.apply(1L);
        Snapshot<Long> before = engine.current();

        factory.addRules(new InflatedCounter(), Map.of("game.type", CounterGame.TYPE, "service.ranking", 10));
        assertFalse(engine.rulesAvailable(), "rules that give 1000 where the game's gave 1 do not take it over");
        RulesUnavailableException absent = assertThrows(RulesUnavailableException.class, () -> engine.apply(1L));
        assertEquals(RefusalReason.RULES_UNAVAILABLE, absent.reason());
        assertTrue(absent.getMessage().contains("version 2") && absent.getMessage().contains("do not reproduce"),
                absent.getMessage());
        assertSame(before, engine.current(), "nothing was played with them");
    }

    @Test
    void rulesOfAnotherVersionThatReproduceTheGameTakeItOver() {
        GameEngine<Long, Long> engine = openWithCounter();
        engine.apply(3L);
        CountingCounterGame next = new CountingCounterGame() {
            @Override
            public String rulesVersion() {
                return "1.1";
            }
        };
        factory.addRules(next, Map.of("game.type", CounterGame.TYPE, "service.ranking", 10));
        assertTrue(engine.rulesAvailable());
        assertEquals(5L, engine.apply(2L).state());
        assertEquals(2, next.applyCalls.get(), "one to show it reproduces the last commit, one to play");
    }

    @Test
    void rulesThatStartTheGameElsewhereAreRefusedEvenBeforeTheFirstCommit() {
        GameEngine<Long, Long> engine = openWithCounter();
        CountingCounterGame shifted = new CountingCounterGame() {
            @Override
            public Long initialState(GameSpec spec) {
                return 1_000L;
            }
        };
        factory.addRules(shifted, Map.of("game.type", CounterGame.TYPE, "service.ranking", 10));
        assertFalse(engine.rulesAvailable());
        RulesUnavailableException absent = assertThrows(RulesUnavailableException.class, () -> engine.apply(1L));
        assertTrue(absent.getMessage().contains("another initial state"), absent.getMessage());
    }

    /** The counter game, counting its apply calls: which of two registered rules an engine plays shows in them. */
    private static class CountingCounterGame extends CounterGame {
        final AtomicInteger applyCalls = new AtomicInteger();

        @Override
        public Long apply(Long state, Long operation) {
            applyCalls.incrementAndGet();
            return super.apply(state, operation);
        }
    }
}
