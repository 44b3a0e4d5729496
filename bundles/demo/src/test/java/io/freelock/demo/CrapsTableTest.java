package io.freelock.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.AbstractQueue;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import io.freelock.consensus.GameEngine;
import io.freelock.consensus.engine.EngineFactory;
import io.freelock.game.craps.CrapsRules;
import io.freelock.queue.testkit.Await;

/** The demo's craps table without OSGi: a real engine, the real rules, player threads and a queue. */
class CrapsTableTest {

    private static final List<String> PLAYERS = List.of("alice", "bob", "carol");
    /** The line LauncherIT looks for in the demo's output. */
    private static final String SUMMARY =
            "craps table: rounds [1-9]\\d*, operations committed (\\d+), version \\1, hash [0-9a-f]{64}";

    private final EngineFactory factory = new EngineFactory();

    CrapsTableTest() {
        factory.addRules(new CrapsRules(), Map.of("game.type", "craps"));
    }

    private static void awaitRounds(CrapsTable table, long rounds) {
        Await.until("the table to play " + rounds + " rounds", () -> table.rounds() >= rounds);
    }

    @Test
    void playersPlayRoundsThroughTheQueueAndEveryMoveChipAndVersionIsAccountedFor() throws Exception {
        // a window far longer than any round: no step is closed for want of moves, so none is refused or late
        CrapsTable table = CrapsTable.open(factory, "table-1", PLAYERS, new PlayerKeys(null), 1_000, new ConcurrentLinkedQueue<>(),
                Duration.ofMinutes(1));
        table.start();
        awaitRounds(table, 3);
        CrapsReport report = table.finish(Duration.ofMinutes(3));

        assertEquals("", report.problem());
        assertTrue(report.rounds() >= 3, report.detailLine());
        assertEquals(0, report.lost());
        assertEquals(0, report.movesRefused(), report.lastRefusal());
        assertEquals(0, report.movesLate());
        assertEquals(0, report.windowsClosed());
        // every player committed and revealed in every round (and bet when a bet fit its share of the table limit),
        // and the last round was played to its end
        assertTrue(report.operationsCommitted() >= 6 * report.rounds(), report.detailLine());
        assertEquals(report.movesSent(), report.operationsCommitted());
        assertEquals(report.operationsCommitted(), report.version());
        assertTrue(report.chainVerified());
        assertEquals(3 * 1_000 + CrapsTable.HOUSE, report.chipsAtStart());
        assertTrue(report.chipsConserved(), report.detailLine());
        assertTrue(report.clean());
        assertTrue(report.summaryLine().matches(SUMMARY), report.summaryLine());

        GameEngine<?, ?> engine = factory.find("table-1").orElseThrow();
        assertEquals(report.version(), engine.current().version());
        assertEquals(report.hash(), engine.current().hash().toHex());
        assertEquals(report.operationsCommitted(), engine.stats().proposalsCommitted(), "each one a voted proposal");
        @SuppressWarnings("unchecked")
        GameEngine<Object, Object> untyped = (GameEngine<Object, Object>) engine;
        TableText end = TableText.parse(untyped.describeState(untyped.current().state()));
        assertEquals(report.rounds(), end.rolls(), "every round ended in a roll");
        assertTrue(end.committing(), "no round was left half played");
    }

    @Test
    void aMoveLostInTheQueueIsCaughtAndTheTableClosesTheStalledStep() throws Exception {
        DroppingQueue queue = new DroppingQueue("bob", Move.Kind.REVEAL);
        CrapsTable table = CrapsTable.open(factory, "table-2", PLAYERS, new PlayerKeys(null), 1_000, queue, Duration.ofMillis(100));
        table.start();
        awaitRounds(table, 2); // the round without bob's reveal is closed after the window, and play goes on
        CrapsReport report = table.finish(Duration.ofMinutes(3));

        assertTrue(queue.dropped.get());
        assertEquals(1, report.lost(), report.detailLine());
        assertTrue(report.windowsClosed() >= 1, report.detailLine());
        assertTrue(report.consistent(), "the game itself stays consistent: " + report.detailLine());
        assertTrue(report.chipsConserved());
        assertFalse(report.clean(), "but the demo's verdict fails: a move was lost");
    }

    @Test
    void playersWithoutChipsSitOutAndTheTableEndsAtOnce() throws Exception {
        CrapsTable table = CrapsTable.open(factory, "table-3", PLAYERS, new PlayerKeys(null), 0, new ConcurrentLinkedQueue<>(),
                Duration.ofMinutes(1));
        table.start();
        CrapsReport report = table.finish(Duration.ofMinutes(1));

        assertEquals("", report.problem());
        assertEquals(0, report.rounds());
        assertEquals(3, report.sitOuts());
        assertEquals(0, report.version());
        assertTrue(report.clean(), report.detailLine());
    }

    /** Acknowledges, and drops, the first move of the given player and kind. */
    private static final class DroppingQueue extends AbstractQueue<Move> {
        private final Queue<Move> inner = new ConcurrentLinkedQueue<>();
        private final String player;
        private final Move.Kind kind;
        final AtomicBoolean dropped = new AtomicBoolean();

        DroppingQueue(String player, Move.Kind kind) {
            this.player = player;
            this.kind = kind;
        }

        @Override
        public boolean offer(Move move) {
            if (move.player().equals(player) && move.kind() == kind && dropped.compareAndSet(false, true)) {
                return true;
            }
            return inner.offer(move);
        }

        @Override
        public Move poll() {
            return inner.poll();
        }

        @Override
        public Move peek() {
            return inner.peek();
        }

        @Override
        public Iterator<Move> iterator() {
            return inner.iterator();
        }

        @Override
        public int size() {
            return inner.size();
        }
    }
}
