package io.freelock.consensus.ratis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.freelock.consensus.Snapshot;

/** Three servers on loopback ports play one game through all three and end with the same head. */
class ReplicatedGameTest {

    /** 10,000 on demand ({@code -Dfreelock.raft.operations=10000}); a CI-sized count otherwise. */
    static final int OPERATIONS = Integer.getInteger("freelock.raft.operations", 300);
    /** Players moving at once, spread over the three servers. */
    static final int WRITERS = 12;

    @TempDir
    Path storage;
    private TestCluster cluster;

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void operationsProposedThroughEveryServerEndWithIdenticalHeadsEverywhere() throws Exception {
        cluster = new TestCluster(storage, 3, Duration.ofSeconds(10), 100_000, 50);
        cluster.startAll();
        cluster.awaitLeader();
        cluster.server("s1").open(cluster.spec("table", 3));
        List<String> ids = List.copyOf(cluster.servers.keySet());
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            done.add(writers.submit(() -> {
                for (long ticket = writer; ticket < OPERATIONS; ticket += WRITERS) {
                    Snapshot<LedgerRules.Ledger> after = cluster.game(ids.get(writer % 3), "table").apply(ticket);
                    assertTrue(after.state().has(ticket), "the snapshot returned holds the operation acknowledged");
                }
                return null;
            }));
        }
        for (Future<?> writer : done) {
            writer.get();
        }
        writers.shutdown();
        cluster.awaitVersion("table", OPERATIONS);
        Snapshot<LedgerRules.Ledger> head = cluster.game("s0", "table").current();
        assertEquals(OPERATIONS, head.version());
        assertEquals(0, head.state().duplicates);
        for (long ticket = 0; ticket < OPERATIONS; ticket++) {
            assertTrue(head.state().has(ticket), "ticket " + ticket);
        }
        for (String id : ids) {
            Snapshot<LedgerRules.Ledger> copy = cluster.game(id, "table").current();
            assertEquals(head.version(), copy.version(), "version on " + id);
            assertEquals(head.hash(), copy.hash(), "hash on " + id);
        }
    }
}
