package io.freelock.consensus.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.freelock.consensus.CanonicalWriter;
import io.freelock.consensus.GameEngine;
import io.freelock.consensus.GameSpec;
import io.freelock.consensus.NotDurableException;
import io.freelock.consensus.ProposalState;
import io.freelock.consensus.ProposalStatus;
import io.freelock.consensus.RefusalReason;
import io.freelock.consensus.RefusedException;
import io.freelock.consensus.Snapshot;
import io.freelock.consensus.StateHash;
import io.freelock.consensus.testkit.CounterGame;
import io.freelock.consensus.testkit.MemoryJournalStore;
import io.freelock.consensus.testkit.Players;
import io.freelock.queue.testkit.Await;
import io.freelock.storage.JournalRecord;

/** A journaled game: what is acknowledged is in the journal, and a game opened again continues from it. */
class JournalingTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private final MemoryJournalStore store = new MemoryJournalStore();
    private final List<EngineFactory> factories = new ArrayList<>();
    private final Players onePlayer = Players.withKeys(1);

    @AfterEach
    void closeAll() {
        store.setDown(false);
        factories.forEach(EngineFactory::deactivate);
    }

    private EngineFactory factory(EngineSettings settings) {
        EngineFactory factory = new EngineFactory(settings);
        factory.addRules(new CounterGame(), Map.of("game.type", CounterGame.TYPE));
        factory.setJournalStore(store);
        factories.add(factory);
        return factory;
    }

    private static EngineSettings sync() {
        return EngineSettings.defaults().withDurability(Durability.SYNC, 1_000).withSnapshotEvery(10)
                .withSyncTimeout(Duration.ofSeconds(10));
    }

    @SuppressWarnings("unchecked")
    private GameEngine<Long, Long> open(EngineFactory factory, String gameId) {
        GameSpec spec = new GameSpec(gameId, CounterGame.TYPE, onePlayer.participants());
        return (GameEngine<Long, Long>) factory.open(spec);
    }

    private static JournalWriter writer(GameEngine<?, ?> game) {
        return ((CasGameEngine) (Object) game).journal();
    }

    /** Applies {@code operation} until the engine takes it, failing after the deadline. */
    private static void awaitAccepted(GameEngine<Long, Long> game, long operation, String what) {
        Await.until(what, () -> {
            try {
                game.apply(operation);
                return true;
            } catch (RefusedException notYet) {
                return false;
            }
        });
    }

    @Test
    void gamesThatCommitWhileAGroupIsBeingWrittenShareTheNextTransaction() {
        EngineFactory factory = factory(EngineSettings.defaults().withDurability(Durability.ASYNC, 1_000)
                .withJournalThreads(1));
        GameEngine<Long, Long> first = open(factory, "g0");
        store.closeGate();
        first.apply(1L);
        Await.until("the only journal thread is writing g0's row, held at the gate", () -> store.heldAtGate() == 1);
        List<GameEngine<Long, Long>> others = new ArrayList<>();
        for (int g = 1; g <= 10; g++) {
            GameEngine<Long, Long> game = open(factory, "g" + g);
            game.apply(1L);
            others.add(game);
        }
        int before = store.groups().size();
        store.openGate();
        Await.until("every game's row is written", () -> others.stream().allMatch(g -> store.rows(g.gameId()).size() == 1));
        assertEquals(10, store.groups().get(before), "the ten games that committed meanwhile share one append: "
                + store.groups());
        assertEquals(1, store.rows("g0").size());
    }

    @Test
    void aStoreReplacedWhileItsGroupIsBeingWrittenIsOpenedWithoutWaitingForAnotherOperation() throws Exception {
        EngineFactory factory = factory(sync().withJournalThreads(1));
        GameEngine<Long, Long> game = open(factory, "g");
        game.apply(1L);
        store.closeGate();
        Thread player = new Thread(() -> {
            try {
                game.apply(2L);
            } catch (NotDurableException | RefusedException e) {
                // the store changed while it waited: installed, journaled once the new store is opened
            }
        });
        player.start();
        Await.until("the journal thread is writing v2, held at the gate", () -> store.heldAtGate() == 1);
        // as DS does when the storage bundle is stopped and started again, while that write is under way
        factory.unsetJournalStore(store);
        factory.setJournalStore(store);
        store.openGate();
        player.join(PATIENCE.toMillis());
        // the store's arrival asked the writer, busy then, to open it: that request must not be lost, or the game
        // refuses every operation (sync) and no operation comes to wake the writer
        awaitAccepted(game, 3L, "the game takes operations in the store that came back");
        assertEquals(3, store.rows("g").size());
    }

    @Test
    void everyGameIsWrittenByTheSameFewThreads() throws Exception {
        long threadsBefore = journalThreads();
        EngineFactory factory = factory(sync().withJournalThreads(2));
        List<GameEngine<Long, Long>> games = new ArrayList<>();
        for (int g = 0; g < 40; g++) {
            games.add(open(factory, "t" + g));
        }
        java.util.concurrent.ExecutorService players = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<?>> played = new ArrayList<>();
            for (GameEngine<Long, Long> game : games) {
                played.add(players.submit(() -> {
                    for (long i = 1; i <= 5; i++) {
                        game.apply(i);
                    }
                }));
            }
            for (java.util.concurrent.Future<?> each : played) {
                each.get(PATIENCE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            players.shutdownNow();
        }
        for (GameEngine<Long, Long> game : games) {
            assertEquals(5, store.rows(game.gameId()).size(), "sync: every acknowledged row is in the journal");
        }
        assertEquals(threadsBefore + 2, journalThreads(), "40 games, 2 journal threads");
    }

    /** @return the live threads that write journals, of every factory in this JVM */
    private static long journalThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("freelock-journal-")).count();
    }

    @Test
    void syncApplyReturnsOnlyOnceItsRowIsInTheJournal() {
        GameEngine<Long, Long> game = open(factory(sync()), "g");
        for (long i = 1; i <= 25; i++) {
            Snapshot<Long> acknowledged = game.apply(i);
            List<JournalRecord> rows = store.rows("g");
            assertEquals(acknowledged.version(), rows.size(), "rows when v" + acknowledged.version() + " returned");
            assertEquals(acknowledged.hash(), rows.get(rows.size() - 1).hash());
        }
        StateHash hash = game.current().hash();
        List<JournalRecord> rows = store.rows("g");
        assertEquals(hash, rows.get(24).hash());
        assertEquals(20, store.latestSnapshot("g").orElseThrow().version(), "a snapshot every 10 operations");
    }

    @Test
    void aGameOpenedAgainContinuesFromItsSnapshotAndTheRowsAfterIt() {
        GameEngine<Long, Long> first = open(factory(sync()), "g");
        for (long i = 1; i <= 27; i++) {
            first.apply(i);
        }
        Snapshot<Long> last = first.current();

        EngineFactory restarted = factory(sync());
        GameEngine<Long, Long> again = open(restarted, "g");
        assertEquals(last.version(), again.current().version());
        assertEquals(last.hash(), again.current().hash());
        assertEquals(27L * 28 / 2, again.current().state());
        assertEquals(20, writer(again).lastSnapshot());
        Snapshot<Long> next = again.apply(100L);
        assertEquals(28, next.version());
        assertEquals(28, store.rows("g").size(), "the reopened game journals on from where it was");
    }

    @Test
    void aBrokenChainRefusesTheGameNamingTheVersion() {
        GameEngine<Long, Long> first = open(factory(sync()), "g");
        for (long i = 1; i <= 5; i++) {
            first.apply(i);
        }
        JournalRecord third = store.rows("g").get(2);
        byte[] other = new CanonicalWriter().writeLong(99).toByteArray();
        store.replaceRow("g", new JournalRecord(3, third.hash(), other, third.stateDigest(), third.evidence()));

        RefusedException refused = reopenBroken();
        assertTrue(refused.getMessage().contains("'g'") && refused.getMessage().contains("3"), refused.getMessage());
    }

    /** Puts {@code operation} in row 2 of game g, with the hash the chain gives it: only replay can object. */
    private void replaceSecondRowChained(byte[] operation) {
        StateHash first = store.rows("g").get(0).hash();
        byte[] digest = store.rows("g").get(1).stateDigest();
        store.replaceRow("g", new JournalRecord(2, first.next(operation, digest), operation, digest, new byte[0]));
    }

    /** @return the refusal of opening game g again, which must be JOURNAL_BROKEN */
    private RefusedException reopenBroken() {
        RefusedException refused = assertThrows(RefusedException.class, () -> open(factory(sync()), "g"));
        assertEquals(RefusalReason.JOURNAL_BROKEN, refused.reason());
        return refused;
    }

    @Test
    void aRowThatChainsButDoesNotDecodeRefusesTheGameNamingTheVersion() {
        GameEngine<Long, Long> first = open(factory(sync()), "g");
        first.apply(1L);
        first.apply(2L);
        replaceSecondRowChained(new byte[] {1, 2, 3}); // a valid chain over garbage

        RefusedException refused = reopenBroken();
        assertTrue(refused.getMessage().contains("version 2") && refused.getMessage().contains("cannot be read"),
                refused.getMessage());
    }

    @Test
    void aRowTheRulesRefuseOnReplayRefusesTheGame() {
        GameEngine<Long, Long> first = open(factory(sync()), "g");
        first.apply(1L);
        first.apply(2L);
        // the counter refuses amounts below 1
        replaceSecondRowChained(new CanonicalWriter().writeLong(-5).toByteArray());

        RefusedException refused = reopenBroken();
        assertTrue(refused.getMessage().contains("version 2") && refused.getMessage().contains("refuse"),
                refused.getMessage());
    }

    @Test
    void aGameOfAnotherGenesisUnderTheSameIdIsRefused() {
        open(factory(sync()), "g").apply(1L);
        EngineFactory other = factory(sync());
        GameSpec started = new GameSpec("g", CounterGame.TYPE, onePlayer.participants(),
                Map.of(CounterGame.START, "7")); // another initial state, so another genesis
        RefusedException refused = assertThrows(RefusedException.class, () -> other.open(started));
        assertEquals(RefusalReason.JOURNAL_BROKEN, refused.reason());
    }

    @Test
    void withoutAStoreAJournaledGameDoesNotOpen() {
        EngineFactory factory = factory(sync());
        factory.unsetJournalStore(store);
        RefusedException refused = assertThrows(RefusedException.class, () -> open(factory, "g"));
        assertEquals(RefusalReason.JOURNAL_UNAVAILABLE, refused.reason());
        assertTrue(refused.getMessage().contains("no journal store"), refused.getMessage());
    }

    @Test
    void inSyncModeADownDatabaseRefusesWorkAndTheGameResumesWhenItIsBack() {
        EngineSettings settings = sync().withSyncTimeout(Duration.ofMillis(300));
        GameEngine<Long, Long> game = open(factory(settings), "g");
        game.apply(1L);
        store.setDown(true);
        // the first operation after the failure may be installed before the writer sees the database down: it is
        // then reported not durable; from then on operations are refused before they change anything
        try {
            game.apply(2L);
        } catch (NotDurableException expected) {
            assertEquals(2, expected.installed().version());
        }
        Await.until("the writer notices the database is down", () -> writer(game).problem() != null);
        Snapshot<Long> before = game.current();
        RefusedException refused = assertThrows(RefusedException.class, () -> game.apply(5L));
        assertEquals(RefusalReason.JOURNAL_UNAVAILABLE, refused.reason());
        assertTrue(refused.getMessage().contains("nothing is acknowledged without durability"), refused.getMessage());
        assertEquals(before, game.current(), "a refusal leaves the state as it was");

        store.setDown(false);
        awaitAccepted(game, 3L, "the game takes operations again");
        Snapshot<Long> now = game.current();
        List<JournalRecord> rows = store.rows("g");
        assertEquals(now.version(), rows.size(), "the operation installed while the database went down is journaled");
        assertEquals(now.hash(), rows.get(rows.size() - 1).hash());
    }

    @Test
    void inAsyncModeTheLagGrowsToItsBoundThenWorkIsRefused() {
        EngineSettings settings = EngineSettings.defaults().withDurability(Durability.ASYNC, 20);
        GameEngine<Long, Long> game = open(factory(settings), "g");
        store.setDown(true);
        int applied = 0;
        try {
            for (; applied < 100; applied++) {
                game.apply(1L);
            }
            fail("100 operations acknowledged with the journal down and a lag bound of 20");
        } catch (RefusedException refused) {
            assertEquals(RefusalReason.JOURNAL_UNAVAILABLE, refused.reason());
            assertTrue(refused.getMessage().contains("behind"), refused.getMessage());
        }
        assertEquals(20, applied, "acknowledged up to the bound");
        store.setDown(false);
        Await.until("the journal catches up when the database is back", () -> store.rows("g").size() == 20);
        // the rows land in the store a moment before the writer records them as durable: admission reads the latter
        Await.until("the writer counts the rows durable", () -> game.stats().journalLag().equals(OptionalLong.of(0)));
        game.apply(1L);
        Await.until("and follows again", () -> store.rows("g").size() == 21);
        assertTrue(writer(game).worstLag() >= 20);
    }

    @Test
    void statsSayHowFarTheJournalTrailsAndThatAGameInMemoryHasNone() {
        GameEngine<Long, Long> game = open(factory(EngineSettings.defaults().withDurability(Durability.ASYNC, 20)), "g");
        assertEquals(OptionalLong.of(0), game.stats().journalLag());
        store.setDown(true);
        for (int i = 0; i < 20; i++) {
            game.apply(1L);
        }
        assertEquals(OptionalLong.of(20), game.stats().journalLag());
        store.setDown(false);
        Await.until("the lag to fall to 0 once the journal is back", () -> game.stats().journalLag().equals(OptionalLong.of(0)));

        GameEngine<Long, Long> inMemory = open(factory(EngineSettings.defaults().withDurability(Durability.NONE, 20)), "m");
        inMemory.apply(1L);
        assertEquals(OptionalLong.empty(), inMemory.stats().journalLag());
    }

    @Test
    void aCommitWhoseAcknowledgementWasLostIsNotWrittenTwice() {
        EngineSettings settings = sync().withSyncTimeout(Duration.ofMillis(300));
        GameEngine<Long, Long> game = open(factory(settings), "g");
        game.apply(1L);
        store.setLoseCommitAcks(true);
        assertThrows(NotDurableException.class, () -> game.apply(2L));
        store.setLoseCommitAcks(false);
        awaitAccepted(game, 3L, "the writer finds its hidden commit and carries on");
        List<JournalRecord> rows = store.rows("g");
        assertEquals(game.current().version(), rows.size());
        assertEquals(game.current().hash(), rows.get(rows.size() - 1).hash());
    }

    @Test
    void aStoreThatThrowsSomethingElseIsTreatedAsUnavailableAndTheWriterLivesOn() {
        EngineSettings settings = sync().withSyncTimeout(Duration.ofMillis(300));
        GameEngine<Long, Long> game = open(factory(settings), "g");
        game.apply(1L);
        store.setBuggy(true);
        NotDurableException notDurable = assertThrows(NotDurableException.class, () -> game.apply(2L));
        assertTrue(notDurable.getMessage().contains("a bug in the store"), notDurable.getMessage());
        store.setBuggy(false);
        awaitAccepted(game, 3L, "the writer, still alive, writes again");
        assertEquals(game.current().version(), store.rows("g").size());
    }

    @Test
    void aJournalThatLostAcknowledgedRowsStopsTheGame() {
        GameEngine<Long, Long> game = open(factory(sync()), "g");
        for (long i = 1; i <= 5; i++) {
            game.apply(i);
        }
        store.truncateAfter("g", 2); // the database restored from an old backup behind the engine's back
        store.setLoseCommitAcks(true); // the next append fails, so the writer reads the head again
        try {
            game.apply(6L);
        } catch (NotDurableException expected) {
            // installed, not acknowledged
        }
        store.setLoseCommitAcks(false);
        Await.until("the game refuses work naming the missing rows", () -> {
            try {
                game.apply(7L);
                return false;
            } catch (RefusedException refused) {
                return refused.reason() == RefusalReason.JOURNAL_BROKEN
                        && refused.getMessage().contains("acknowledged operations are missing");
            } catch (NotDurableException notYet) {
                return false;
            }
        });
    }

    @Test
    void theStoreGoingAndComingBackIsLikeTheDatabaseGoingAndComingBack() {
        EngineFactory factory = factory(sync());
        GameEngine<Long, Long> game = open(factory, "g");
        game.apply(1L);
        factory.unsetJournalStore(store);
        RefusedException refused = assertThrows(RefusedException.class, () -> game.apply(2L));
        assertEquals(RefusalReason.JOURNAL_UNAVAILABLE, refused.reason());
        assertTrue(refused.getMessage().contains("no journal store is registered"), refused.getMessage());
        factory.setJournalStore(store);
        awaitAccepted(game, 2L, "the game takes operations once the store is back");
        assertEquals(2, store.rows("g").size());
    }

    @Test
    void concurrentSyncAppliesAreJournaledInOrderWithoutGaps() throws InterruptedException {
        GameEngine<Long, Long> game = open(factory(sync()), "g");
        ConcurrentLinkedQueue<Snapshot<Long>> acknowledged = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            threads.add(new Thread(() -> {
                try {
                    for (int i = 0; i < 300; i++) {
                        Snapshot<Long> s = game.apply(1L);
                        if (store.rows("g").size() < s.version()) {
                            failures.add(new AssertionError("v" + s.version() + " acknowledged before journaled"));
                        }
                        acknowledged.add(s);
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join(PATIENCE.toMillis());
        }
        assertTrue(failures.isEmpty(), () -> failures.toString());
        assertEquals(900, acknowledged.size());
        List<JournalRecord> rows = store.rows("g");
        assertEquals(900, rows.size());
        for (Snapshot<Long> s : acknowledged) {
            assertEquals(s.hash(), rows.get((int) s.version() - 1).hash());
        }
    }

    @Test
    void aCommittedProposalIsJournaledBeforeTheDecidingVoteReturns() {
        EngineFactory factory = factory(sync());
        Players players = Players.withKeys(3);
        GameSpec spec = new GameSpec("g", CounterGame.TYPE, players.participants());
        @SuppressWarnings("unchecked")
        GameEngine<Long, Long> game = (GameEngine<Long, Long>) factory.open(spec);
        ProposalState open = game.submit(io.freelock.consensus.Proposal.sign("g", "p0", game.current().hash(),
                game.encodeOperation(4L), players.privateKey("p0")));
        ProposalState decided = game.vote(io.freelock.consensus.Vote.sign("g", open.id(), "p1", true,
                players.privateKey("p1")));
        assertEquals(ProposalStatus.COMMITTED, decided.status());
        assertEquals(1, store.rows("g").size());
        assertEquals(decided.committed().orElseThrow().hash(), store.rows("g").get(0).hash());
    }

    @Test
    void theJournalCommandShowsHeadSnapshotLagAndStatus() {
        EngineFactory factory = factory(sync());
        GameEngine<Long, Long> game = open(factory, "g");
        for (long i = 1; i <= 12; i++) {
            game.apply(i);
        }
        GameCommands commands = new GameCommands(factory, factory);
        String shown = commands.journal("g");
        assertTrue(shown.contains("durability sync"), shown);
        assertTrue(shown.contains("v12 in memory, v12 in the journal: lag 0"), shown);
        assertTrue(shown.contains("threads   2 for all games: ") && shown.contains(" group commits, "), shown);
        assertTrue(shown.contains("snapshot  v10"), shown);
        assertTrue(shown.contains("store     memory"), shown);
        assertTrue(shown.contains("status    ok"), shown);
        factory.unsetJournalStore(store);
        assertTrue(commands.journal("g").contains("no journal store is registered"), commands.journal("g"));
        EngineFactory inMemory = new EngineFactory(EngineSettings.defaults());
        factories.add(inMemory);
        inMemory.addRules(new CounterGame(), Map.of("game.type", CounterGame.TYPE));
        open(inMemory, "m");
        assertTrue(new GameCommands(inMemory, inMemory).journal("m").contains("has no journal"));
    }
}
