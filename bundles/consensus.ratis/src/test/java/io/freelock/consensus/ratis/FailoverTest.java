package io.freelock.consensus.ratis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.freelock.consensus.RefusalReason;
import io.freelock.consensus.RefusedException;
import io.freelock.consensus.Snapshot;
import io.freelock.queue.testkit.Await;

/**
 * The leader dies while players move; a new leader takes over, no acknowledged move is lost and none is applied
 * twice; the old leader comes back and catches up to the same head; a server left in a minority refuses moves.
 */
class FailoverTest {

    private static final int WRITERS = 6;
    private static final long TICKETS = 240;

    @TempDir
    Path storage;
    private TestCluster cluster;

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void theLeaderKilledMidStreamLosesNoAcknowledgedMoveAndAppliesNoneTwiceThenRejoins() throws Exception {
        cluster = new TestCluster(storage, 3, Duration.ofSeconds(10), 100_000, 50);
        cluster.startAll();
        String leader = cluster.awaitLeader();
        cluster.server(leader).open(cluster.spec("table", 3));
        cluster.awaitVersion("table", 0);
        List<String> followers = new ArrayList<>(cluster.servers.keySet());
        followers.remove(leader);

        Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
        Set<Long> inDoubt = ConcurrentHashMap.newKeySet();
        AtomicLong next = new AtomicLong();
        CountDownLatch halfway = new CountDownLatch(1);
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            String through = followers.get(w % 2); // the players of the killed server would be cut off with it
            done.add(writers.submit(() -> {
                for (long ticket = next.getAndIncrement(); ticket < TICKETS; ticket = next.getAndIncrement()) {
                    try {
                        cluster.game(through, "table").apply(ticket);
                        acknowledged.add(ticket);
                    } catch (RefusedException | IllegalStateException notAcknowledged) {
                        inDoubt.add(ticket); // may or may not have committed: never acknowledged
                    }
                    if (acknowledged.size() == TICKETS / 3) {
                        halfway.countDown();
                    }
                }
                return null;
            }));
        }
        assertTrue(halfway.await(60, TimeUnit.SECONDS), "a third of the moves were acknowledged");
        cluster.kill(leader);
        for (Future<?> writer : done) {
            writer.get();
        }
        writers.shutdown();
        String newLeader = cluster.awaitLeader();
        assertNotEquals(leader, newLeader);
        assertTrue(acknowledged.size() > TICKETS / 3, "moves were acknowledged after the leader died");

        Snapshot<LedgerRules.Ledger> head = cluster.game(newLeader, "table").current();
        assertEquals(0, head.state().duplicates, "no move was applied twice");
        long marked = 0;
        for (long ticket = 0; ticket < TICKETS; ticket++) {
            if (head.state().has(ticket)) {
                marked++;
                assertTrue(acknowledged.contains(ticket) || inDoubt.contains(ticket), "ticket " + ticket);
            } else {
                assertTrue(!acknowledged.contains(ticket), "acknowledged ticket " + ticket + " was lost");
            }
        }
        assertEquals(marked, head.version(), "one version per move applied");

        // it comes back before its game bundle does: it starts, serves nothing of the game, then catches up
        Replication back = cluster.start(leader, null);
        back.find("table").ifPresent(copy -> assertEquals(RefusalReason.RULES_UNAVAILABLE,
                assertThrows(RefusedException.class, copy::current).reason()));
        cluster.addRules(leader, new LedgerRules());
        cluster.awaitVersion("table", head.version());
        for (String id : cluster.servers.keySet()) {
            assertEquals(head.hash(), cluster.game(id, "table").current().hash(), "hash on " + id);
        }
    }

    @Test
    void aServerLeftInAMinorityRefusesMovesWithATypedRefusalAndChangesNothing() {
        cluster = new TestCluster(storage, 3, Duration.ofMillis(1000), 100_000, 50);
        cluster.startAll();
        String leader = cluster.awaitLeader();
        cluster.server(leader).open(cluster.spec("table", 3));
        cluster.awaitVersion("table", 0);
        cluster.game("s0", "table").apply(1L);
        cluster.awaitVersion("table", 1);
        cluster.kill("s1");
        cluster.kill("s2");
        Snapshot<LedgerRules.Ledger> before = cluster.game("s0", "table").current();
        RefusedException refused = assertThrows(RefusedException.class,
                () -> cluster.game("s0", "table").apply(2L));
        assertTrue(refused.reason() == RefusalReason.NO_QUORUM || refused.reason() == RefusalReason.NOT_LEADER,
                refused.getMessage());
        assertTrue(refused.getMessage().contains("s0"), refused.getMessage());
        assertEquals(before.hash(), cluster.game("s0", "table").current().hash(), "nothing changed here");
        // the refused move may still commit once a majority is back: the log never loses what a majority took
        cluster.start("s1", new LedgerRules());
        Await.until("the move refused in the minority is decided once a majority is back",
                () -> cluster.server("s1").find("table").map(g -> g.current().version() >= 1).orElse(false));
    }
}
