package io.freelock.consensus.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.freelock.consensus.GameEngine;
import io.freelock.consensus.GameSpec;
import io.freelock.consensus.testkit.CounterGame;
import io.freelock.consensus.testkit.MemoryJournalStore;
import io.freelock.consensus.testkit.Players;
import io.freelock.queue.testkit.Await;
import io.freelock.queue.testkit.LogCapture;

/**
 * Issue 13, attack 7: a commit listener that blocks for good used to hold the committing thread, the journal (fed
 * on the same path) and, through the undelivered chain of heads, unbounded memory. Here one blocks until the test
 * ends, and commits, the journal and a well-behaved listener carry on regardless.
 */
class ListenerAttackTest {

    static final int COMMITS = 1_500;

    final MemoryJournalStore store = new MemoryJournalStore();
    final CountDownLatch release = new CountDownLatch(1);
    final ExecutorService committer = Executors.newSingleThreadExecutor();
    EngineFactory factory;

    @AfterEach
    void releaseAndClose() {
        release.countDown();
        committer.shutdownNow();
        if (factory != null) {
            factory.deactivate();
        }
    }

    @SuppressWarnings("unchecked")
    GameEngine<Long, Long> journaledGame(EngineSettings settings) {
        factory = new EngineFactory(settings.withDurability(Durability.SYNC, 1_000)
                .withSyncTimeout(Duration.ofSeconds(20)));
        factory.addRules(new CounterGame(), Map.of("game.type", CounterGame.TYPE));
        factory.setJournalStore(store);
        GameSpec spec = new GameSpec("blocked", CounterGame.TYPE,
                Players.withKeys(1).participants());
        return (GameEngine<Long, Long>) factory.open(spec);
    }

    /** A listener that never returns until the test ends. */
    void blockForGood(Object commit) {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aBlockedListenerStopsNeitherCommitsNorTheJournalNorTheOtherListeners() throws Exception {
        GameEngine<Long, Long> game = journaledGame(EngineSettings.defaults());
        List<Long> told = new CopyOnWriteArrayList<>();
        game.addListener(this::blockForGood);
        game.addListener(commit -> told.add(commit.after().version()));

        // synchronous durability: each apply returns only once the journal holds it
        Future<?> applies = committer.submit(() -> {
            for (int i = 0; i < COMMITS; i++) {
                game.apply(1L);
            }
        });
        Await.until(COMMITS + " synchronous commits past a blocked listener", applies::isDone);
        applies.get();
        assertEquals(COMMITS, game.current().version());
        assertEquals(COMMITS, store.rows("blocked").size(), "the journal holds every commit");
        Await.until("the well-behaved listener told of every commit", () -> told.size() >= COMMITS);
        for (int i = 0; i < COMMITS; i++) {
            assertEquals(i + 1, told.get(i), "in version order, once each");
        }
    }

    @Test
    void aListenerThatFallsTooFarBehindIsDetachedWithALoggedReasonAndMemoryStaysBounded() throws Exception {
        try (LogCapture log = LogCapture.of("io.freelock.consensus.engine", Level.WARNING)) {
            GameEngine<Long, Long> game = journaledGame(EngineSettings.defaults().withListenerBacklog(16));
            CasGameEngine engine = (CasGameEngine) (Object) game;
            game.addListener(this::blockForGood); // it may be detached before its drain thread even starts
            Future<?> applies = committer.submit(() -> {
                for (int i = 0; i < COMMITS; i++) {
                    game.apply(1L);
                    // what a blocked listener may hold: its backlog, never the chain of undelivered heads
                    assertTrue(engine.history().largestBacklog() <= 16, "a listener holds at most its backlog");
                }
            });
            Await.until(COMMITS + " commits", applies::isDone);
            applies.get();

            assertEquals(1, game.stats().listenersDetached());
            assertEquals(0, engine.history().listeners(), "the detached listener is no longer handed commits");
            assertEquals(0, engine.undelivered(), "every installed head was handed on");
            assertEquals(COMMITS, store.rows("blocked").size());
            List<String> logged = log.messages();
            assertTrue(logged.stream().anyMatch(line -> line.contains("game 'blocked'") && line.contains("detached")
                    && line.contains("fell 16 commits behind at version ")), logged.toString());
        }
    }

    @Test
    void aListenerRemovedByItsOwnerIsNeitherCountedNorLoggedAsDetached() {
        GameEngine<Long, Long> game = new CounterTable(1).engine;
        List<Long> told = new CopyOnWriteArrayList<>();
        game.addListener(commit -> told.add(commit.after().version())).close();
        game.apply(1L);
        assertEquals(0, game.stats().listenersDetached());
        assertEquals(0, ((CasGameEngine) (Object) game).history().listeners());
        assertTrue(told.isEmpty());
    }
}
