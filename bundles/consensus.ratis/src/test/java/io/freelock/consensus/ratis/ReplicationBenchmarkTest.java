package io.freelock.consensus.ratis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongFunction;

import org.h2.util.OsgiDataSourceFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import io.freelock.consensus.GameEngine;
import io.freelock.consensus.engine.Durability;
import io.freelock.consensus.engine.EngineFactory;
import io.freelock.consensus.engine.EngineSettings;
import io.freelock.storage.jdbc.JdbcJournalStore;

/**
 * On demand only ({@code -Dfreelock.raft.benchmark=true -Dtest=ReplicationBenchmarkTest}): acknowledged moves per
 * second and their latency, in one run, for a game replicated on three servers on loopback (log entries on disk
 * before they count, fsync), the same without fsync, and one server journaling synchronously into embedded H2. It
 * prints the numbers; it asserts only that every move was applied, never a time.
 */
@EnabledIfSystemProperty(named = "freelock.raft.benchmark", matches = "true")
class ReplicationBenchmarkTest {

    private static final int OPERATIONS = Integer.getInteger("freelock.raft.operations", 3_000);
    private static final int WRITERS = Integer.getInteger("freelock.raft.writers", 8);

    @TempDir
    Path storage;

    @Test
    void replicatedAgainstOneServerWithASynchronousH2Journal() throws Exception {
        report("one server, sync H2 journal", singleServer());
        report("3 servers (Raft), fsync", replicated(true, "fsync"));
        report("3 servers (Raft), no fsync", replicated(false, "nofsync"));
    }

    private long[] singleServer() throws Exception {
        JdbcJournalStore store = new JdbcJournalStore(new OsgiDataSourceFactory(org.h2.Driver.load()),
                "jdbc:h2:file:" + storage.resolve("h2/journal").toAbsolutePath(), "sa", "");
        EngineFactory factory = new EngineFactory(EngineSettings.defaults().withDurability(Durability.SYNC, 10_000));
        factory.addRules(new LedgerRules(), Map.of("game.type", LedgerRules.TYPE));
        factory.setJournalStore(store);
        try (TestCluster keys = new TestCluster(storage.resolve("unused"), 0, Duration.ofSeconds(1), 1, 1)) {
            GameEngine<LedgerRules.Ledger, Long> game = TestCluster.ledger(factory.open(keys.spec("single", 3)));
            long[] latencies = run(ticket -> game.apply(ticket).version());
            assertEquals(OPERATIONS, game.current().version());
            return latencies;
        } finally {
            factory.close("single");
        }
    }

    private long[] replicated(boolean fsync, String folder) throws Exception {
        try (TestCluster cluster = new TestCluster(storage.resolve(folder), 3, Duration.ofSeconds(10), 10_000, 100)) {
            cluster.fsync = fsync;
            cluster.startAll();
            String leader = cluster.awaitLeader();
            cluster.server(leader).open(cluster.spec("replicated", 3));
            cluster.awaitVersion("replicated", 0);
            List<String> ids = List.copyOf(cluster.servers.keySet());
            long[] latencies = run(ticket -> cluster.game(ids.get((int) (ticket % ids.size())), "replicated")
                    .apply(ticket).version());
            cluster.awaitVersion("replicated", OPERATIONS);
            return latencies;
        }
    }

    /** @return each move's latency in nanoseconds, sorted, and last the run's wall time */
    private static long[] run(LongFunction<Long> move) throws Exception {
        long[] latencies = new long[OPERATIONS + 1];
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            done.add(pool.submit(() -> {
                for (int ticket = writer; ticket < OPERATIONS; ticket += WRITERS) {
                    long before = System.nanoTime();
                    move.apply(ticket);
                    latencies[ticket] = System.nanoTime() - before;
                }
                return null;
            }));
        }
        for (Future<?> writer : done) {
            writer.get();
        }
        pool.shutdown();
        latencies[OPERATIONS] = System.nanoTime() - start;
        Arrays.sort(latencies, 0, OPERATIONS);
        return latencies;
    }

    private static void report(String what, long[] latencies) {
        double seconds = latencies[OPERATIONS] / 1e9;
        System.out.printf("BENCHMARK %-30s %,7.0f acknowledged moves/s   p50 %6.2f ms   p99 %6.2f ms   (%d moves, %d "
                + "writers)%n", what, OPERATIONS / seconds, latencies[OPERATIONS / 2] / 1e6,
                latencies[(int) (OPERATIONS * 0.99)] / 1e6, OPERATIONS, WRITERS);
    }
}
