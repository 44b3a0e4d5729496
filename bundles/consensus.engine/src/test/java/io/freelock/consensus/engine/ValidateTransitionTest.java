package io.freelock.consensus.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.freelock.consensus.GameEngine;
import io.freelock.consensus.GameSpec;
import io.freelock.consensus.RefusalReason;
import io.freelock.consensus.RefusedException;
import io.freelock.consensus.Snapshot;
import io.freelock.consensus.StateHash;
import io.freelock.consensus.TransitionCheck;
import io.freelock.consensus.testkit.CounterGame;
import io.freelock.consensus.testkit.Players;

class ValidateTransitionTest {

    private final CounterTable table = new CounterTable(2, EngineSettings.defaults().withRetainedSnapshots(4));
    private final GameEngine<Long, Long> engine = table.engine;

    @Test
    void aTransitionFromTheCurrentStateChecksOutAgainstTheHeldTarget() {
        Snapshot<Long> from = engine.current();
        Snapshot<Long> to = engine.apply(5L);
        TransitionCheck check = engine.validateTransition(from.hash(), 5L, to.hash());
        assertTrue(check.isValid(), check.toString());
        assertTrue(check.targetStateCompared());
        assertEquals(to.hash(), check.recomputedHash());
    }

    @Test
    void aTransitionFromARetainedRecentStateChecksOut() {
        Snapshot<Long> from = engine.apply(1L);
        Snapshot<Long> to = engine.apply(2L);
        engine.apply(3L);
        TransitionCheck check = engine.validateTransition(from.hash(), 2L, to.hash());
        assertTrue(check.isValid(), check.toString());
    }

    @Test
    void anotherOperationGivesAHashMismatch() {
        Snapshot<Long> from = engine.current();
        Snapshot<Long> to = engine.apply(5L);
        TransitionCheck check = engine.validateTransition(from.hash(), 6L, to.hash());
        assertEquals(TransitionCheck.Verdict.HASH_MISMATCH, check.verdict());
        assertFalse(check.isValid());
    }

    @Test
    void anOperationTheRulesRefuseIsReportedAsRefused() {
        Snapshot<Long> from = engine.current();
        TransitionCheck check = engine.validateTransition(from.hash(), -1L, from.hash());
        assertEquals(TransitionCheck.Verdict.REFUSED, check.verdict());
        assertTrue(check.detail().contains("ILLEGAL_OPERATION"), check.detail());
    }

    @Test
    void aStateThatIsNoLongerRetainedIsUnknown() {
        StateHash genesis = engine.current().hash();
        for (long i = 1; i <= 20; i++) {
            engine.apply(i);
        }
        RefusedException refused = assertThrows(RefusedException.class,
                () -> engine.validateTransition(genesis, 1L, engine.current().hash()));
        assertEquals(RefusalReason.UNKNOWN_STATE_HASH, refused.reason());
    }

    @Test
    void rulesThatAreNotDeterministicAreCaughtByTheHashSinceItBindsTheState() {
        // rules that put something into the state the operation does not determine: the hash binds the state, so
        // re-execution gives another hash
        AtomicLong drift = new AtomicLong();
        CounterGame impure = new CounterGame() {
            @Override
            public Long apply(Long state, Long operation) {
                return super.apply(state, operation) + drift.getAndIncrement();
            }
        };
        EngineFactory factory = new EngineFactory();
        factory.addRules(impure, Map.of("game.type", "impure"));
        @SuppressWarnings("unchecked")
        GameEngine<Long, Long> game = (GameEngine<Long, Long>) factory.open(new GameSpec("g", "impure",
                Players.withKeys(1).participants()));
        Snapshot<Long> from = game.current();
        Snapshot<Long> to = game.apply(5L);
        TransitionCheck check = game.validateTransition(from.hash(), 5L, to.hash());
        assertEquals(TransitionCheck.Verdict.HASH_MISMATCH, check.verdict(), check.toString());
    }
}
