package io.freelock.consensus.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.freelock.consensus.CanonicalWriter;
import io.freelock.consensus.Commit;
import io.freelock.consensus.GameEngine;
import io.freelock.consensus.GameSpec;
import io.freelock.consensus.Proposal;
import io.freelock.consensus.ProposalStatus;
import io.freelock.consensus.RefusalReason;
import io.freelock.consensus.RefusedException;
import io.freelock.consensus.Registration;
import io.freelock.consensus.Snapshot;
import io.freelock.consensus.StateHash;
import io.freelock.consensus.Vote;
import io.freelock.consensus.testkit.CounterGame;
import io.freelock.consensus.testkit.Players;
import io.freelock.queue.testkit.Await;

class ApplyTest {

    private final CounterTable table = new CounterTable(3);
    private final GameEngine<Long, Long> engine = table.engine;

    @Test
    void theGenesisHashNamesTheGameInstanceRulesVersionAndCanonicalInitialState() {
        Snapshot<Long> genesis = engine.current();
        assertEquals(0, genesis.version());
        assertEquals(0L, genesis.state());
        GameSpec spec = engine.spec();
        assertTrue(spec.instance().matches("[0-9a-f]{64}"), "the engine named a fresh instance: " + spec.instance());
        byte[] initial = new CanonicalWriter().writeLong(0).toByteArray();
        assertEquals(StateHash.genesis(spec, "1", StateHash.digest(initial)), genesis.hash());
    }

    @Test
    void aGameClosedAndOpenedAgainUnderTheSameIdRefusesTheOldInstancesProposalsAndVotes() {
        GameSpec first = engine.spec();
        StateHash firstGenesis = engine.current().hash();
        Proposal old = table.propose("p0", 7);
        engine.submit(old);
        Vote oldVote = table.vote(old.id(), "p1", true);
        assertEquals(ProposalStatus.COMMITTED, engine.vote(oldVote).status());
        table.factory.close(table.gameId);

        GameEngine<?, ?> again = table.factory.open(new GameSpec(first.gameId(), first.gameType(),
                first.participants()));
        assertNotEquals(first.instance(), again.spec().instance());
        assertNotEquals(firstGenesis, again.current().hash(), "the genesis names the instance");
        RefusedException replayed = assertThrows(RefusedException.class, () -> again.submit(old));
        assertEquals(RefusalReason.UNKNOWN_STATE_HASH, replayed.reason(), replayed.getMessage());
        RefusedException voted = assertThrows(RefusedException.class, () -> again.vote(oldVote));
        assertEquals(RefusalReason.UNKNOWN_PROPOSAL, voted.reason(), voted.getMessage());
        assertEquals(0, again.current().version(), "nothing of the old instance was committed again");
    }

    @Test
    void applyRaisesTheVersionByOneAndChainsTheHashOverTheOperation() {
        Snapshot<Long> before = engine.current();
        Snapshot<Long> after = engine.apply(5L);
        assertEquals(1, after.version());
        assertEquals(5L, after.state());
        byte[] state = new CanonicalWriter().writeLong(5).toByteArray();
        byte[] expected = new CanonicalWriter().writeFixed(before.hash().bytes()).writeInt(8).writeLong(5)
                .writeFixed(StateHash.digest(state)).sha256();
        assertEquals(StateHash.of(expected), after.hash());
        assertSame(after, engine.current());
    }

    @Test
    void twoEnginesThatApplyTheSameOperationsAgreeByteForByte() {
        EngineFactory elsewhere = new EngineFactory(EngineSettings.defaults());
        elsewhere.addRules(new CounterGame(), Map.of("game.type", CounterGame.TYPE));
        @SuppressWarnings("unchecked")
        GameEngine<Long, Long> other = (GameEngine<Long, Long>) elsewhere.open(engine.spec());
        for (long amount : new long[] {3, 1, 4, 1, 5, 9, 2, 6}) {
            engine.apply(amount);
            other.apply(amount);
        }
        assertEquals(engine.current().hash(), other.current().hash(), "the same instance, on another server");
        assertEquals(8, other.current().version());
    }

    @Test
    void aRefusedOperationChangesNothingAndNamesTheReason() {
        engine.apply(2L);
        Snapshot<Long> before = engine.current();
        RefusedException refused = assertThrows(RefusedException.class, () -> engine.apply(-1L));
        assertEquals(RefusalReason.ILLEGAL_OPERATION, refused.reason());
        assertTrue(refused.getMessage().startsWith("ILLEGAL_OPERATION: "), refused.getMessage());
        assertSame(before, engine.current());
        assertEquals(1, engine.stats().refusedOperations());
        assertEquals(1, engine.stats().transitions());
    }

    @Test
    void aValidatorCanRefuseANewStateUntilItIsRemoved() {
        Registration limit = engine.addValidator((from, op, to) ->
                to > 10 ? Optional.of("the count may not pass 10, and " + to + " would") : Optional.empty());
        engine.apply(10L);
        RefusedException refused = assertThrows(RefusedException.class, () -> engine.apply(1L));
        assertEquals(RefusalReason.VALIDATOR_REFUSED, refused.reason());
        assertTrue(refused.getMessage().contains("may not pass 10"), refused.getMessage());
        assertEquals(1, engine.current().version());
        limit.close();
        limit.close(); // harmless
        assertEquals(11L, engine.apply(1L).state());
    }

    @Test
    void listenersSeeTheOldAndNewSnapshotOfEveryCommitUntilRemoved() {
        List<Commit<Long, Long>> seen = new CopyOnWriteArrayList<>(); // filled on the listener's own thread
        Registration registration = engine.addListener(seen::add);
        Snapshot<Long> first = engine.apply(4L);
        Snapshot<Long> second = engine.apply(6L);
        Await.until("both commits delivered", () -> seen.size() == 2);
        registration.close();
        engine.apply(1L); // handed to no one: the listener was removed before it committed
        assertEquals(2, seen.size());
        assertEquals(0, seen.get(0).before().version());
        assertSame(first, seen.get(0).after());
        assertSame(first, seen.get(1).before());
        assertSame(second, seen.get(1).after());
        assertEquals(6L, seen.get(1).operation());
        assertArrayEquals(table.rules.encodeOperation(6L), seen.get(1).encodedOperation());
    }

    @Test
    void aFailingListenerIsCountedAndTheCommitStands() {
        engine.addListener(commit -> {
            throw new IllegalStateException("listener bug");
        });
        List<Long> later = new CopyOnWriteArrayList<>();
        engine.addListener(commit -> later.add(commit.after().version()));
        engine.apply(1L);
        assertEquals(1, engine.current().version());
        Await.until("the failure counted", () -> engine.stats().listenerFailures() == 1);
        Await.until("the other listener told", () -> later.size() == 1);
        assertEquals(List.of(1L), later);
    }

    @Test
    void tryApplyRefusesFewerThanOneAttempt() {
        assertThrows(IllegalArgumentException.class, () -> engine.tryApply(1L, 0));
        assertEquals(Optional.of(1L), engine.tryApply(1L, 1).map(Snapshot::state));
    }

    @Test
    void tryApplyGivesUpAfterItsAttemptsAreLostToOtherCommits() throws Exception {
        GatedCounter gated = new GatedCounter();
        EngineFactory factory = new EngineFactory(EngineSettings.defaults().withBackoff(1, 1));
        factory.addRules(gated, java.util.Map.of("game.type", "gated"));
        @SuppressWarnings("unchecked")
        GameEngine<Long, Long> contended = (GameEngine<Long, Long>) factory.open(new GameSpec("g", "gated",
                Players.withKeys(1).participants()));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Optional<Snapshot<Long>>> slow = pool.submit(() -> contended.tryApply(GatedCounter.SLOW, 1));
            assertTrue(gated.entered.await(10, TimeUnit.SECONDS), "the slow operation never reached the rules");
            contended.apply(1L); // commits while the slow one computes from version 0
            gated.release.countDown();
            assertEquals(Optional.empty(), slow.get(10, TimeUnit.SECONDS));
            assertEquals(1, contended.current().version());
            assertEquals(1, contended.stats().casFailed());
            assertEquals(1, contended.stats().retriesPerOperation().max());
            assertEquals(2, contended.stats().retriesPerOperation().count());
        } finally {
            gated.release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void applyRetriesAfterALostSwapAndCommitsOnTheNewState() throws Exception {
        GatedCounter gated = new GatedCounter();
        EngineFactory factory = new EngineFactory();
        factory.addRules(gated, java.util.Map.of("game.type", "gated"));
        @SuppressWarnings("unchecked")
        GameEngine<Long, Long> contended = (GameEngine<Long, Long>) factory.open(new GameSpec("g", "gated",
                Players.withKeys(1).participants()));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Snapshot<Long>> slow = pool.submit(() -> contended.apply(GatedCounter.SLOW));
            assertTrue(gated.entered.await(10, TimeUnit.SECONDS), "the slow operation never reached the rules");
            contended.apply(1L);
            gated.release.countDown();
            Snapshot<Long> done = slow.get(10, TimeUnit.SECONDS);
            assertEquals(2, done.version(), "the retry must build on version 1, not reuse version 1");
            assertEquals(1L + GatedCounter.SLOW, done.state());
            assertEquals(2, contended.stats().casSucceeded());
            assertEquals(1, contended.stats().casFailed());
        } finally {
            gated.release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void aClosedGameRefusesEverything() {
        assertTrue(table.factory.close(table.gameId));
        assertFalse(table.factory.close(table.gameId));
        RefusedException refused = assertThrows(RefusedException.class, () -> engine.apply(1L));
        assertEquals(RefusalReason.ENGINE_CLOSED, refused.reason());
        assertEquals(0, engine.current().version());
    }

    @Test
    void anOperationOfAnotherGameIsRefusedAsMalformed() {
        @SuppressWarnings({"unchecked", "rawtypes"})
        GameEngine<Object, Object> raw = (GameEngine) engine;
        RefusedException refused = assertThrows(RefusedException.class, () -> raw.apply("not a number"));
        assertEquals(RefusalReason.MALFORMED_OPERATION, refused.reason());
        assertEquals(0, engine.current().version());
    }

    /** A counter whose first apply of {@link #SLOW} waits until the test lets it go, so a test can make it lose. */
    static final class GatedCounter extends CounterGame {
        static final long SLOW = 100;
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public Long apply(Long state, Long operation) {
            if (operation == SLOW && entered.getCount() > 0) {
                entered.countDown();
                try {
                    if (!release.await(10, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the test never released the slow operation");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            return super.apply(state, operation);
        }
    }
}
