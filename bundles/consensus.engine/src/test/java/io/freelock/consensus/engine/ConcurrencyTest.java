package io.freelock.consensus.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.freelock.consensus.Commit;
import io.freelock.consensus.EngineStats;
import io.freelock.consensus.GameEngine;
import io.freelock.consensus.ProposalId;
import io.freelock.consensus.ProposalState;
import io.freelock.consensus.ProposalStatus;
import io.freelock.consensus.RefusalReason;
import io.freelock.consensus.RefusedException;
import io.freelock.consensus.StateHash;
import io.freelock.queue.testkit.Await;

class ConcurrencyTest {

    private static final int THREADS = 4;
    private static final int OPERATIONS_PER_THREAD = 2_000;

    @Test
    void nThreadsApplyingMOperationsEachEndAtVersionNTimesMWithNoUpdateLost() throws Exception {
        // a backlog that holds every commit: this test is about order and exactly-once, not about detaching
        CounterTable table = new CounterTable(2, EngineSettings.defaults().withListenerBacklog(THREADS * OPERATIONS_PER_THREAD));
        GameEngine<Long, Long> engine = table.engine;
        StateHash genesis = engine.current().hash();
        // the listener is called by one thread at a time, its own; the list is read here, on the test's thread
        List<Commit<Long, Long>> delivered = Collections.synchronizedList(new ArrayList<>());
        engine.addListener(delivered::add);

        runTogether(THREADS, thread -> {
            for (int i = 0; i < OPERATIONS_PER_THREAD; i++) {
                engine.apply(1L);
            }
            return null;
        });

        long total = (long) THREADS * OPERATIONS_PER_THREAD;
        assertEquals(total, engine.current().version());
        assertEquals(total, engine.current().state(), "every increment is in the state: none was lost");
        EngineStats stats = engine.stats();
        assertEquals(total, stats.casSucceeded());
        assertEquals(total, stats.transitions());
        long timed = stats.applyLatencyNanos().count(); // one in 8 at random: about 1,000 of 8,000
        assertTrue(timed > 0 && timed < total, "a sample of the commits is timed: " + timed + " of " + total);
        assertEquals(total, stats.retriesPerOperation().count());

        Await.until("every commit delivered", () -> delivered.size() >= total);
        assertEquals(total, delivered.size(), "each commit reaches the listener exactly once");
        assertEquals(0, engine.stats().listenersDetached());
        StateHash chain = genesis;
        for (int i = 0; i < delivered.size(); i++) {
            Commit<Long, Long> commit = delivered.get(i);
            assertEquals(i, commit.before().version(), "delivered in version order");
            assertEquals(i + 1, commit.after().version());
            assertEquals(chain, commit.before().hash());
            chain = chain.next(commit.encodedOperation(), StateHash.digest(table.rules.encodeState(commit.after().state())));
            assertEquals(chain, commit.after().hash());
        }
        assertEquals(engine.current().hash(), chain);
    }

    @Test
    void votersRacingOnOneProposalCommitItExactlyOnce() throws Exception {
        int participants = 7; // commits at 5 votes for: the proposer and 4 of the 6 racing voters
        CounterTable table = new CounterTable(participants);
        ProposalId id = table.engine.submit(table.propose("p0", 3)).id();
        ConcurrentLinkedQueue<ProposalStatus> outcomes = new ConcurrentLinkedQueue<>();
        AtomicInteger closedRefusals = new AtomicInteger();

        runTogether(participants - 1, voter -> {
            try {
                outcomes.add(table.engine.vote(table.vote(id, "p" + (voter + 1), true)).status());
            } catch (RefusedException refused) {
                assertEquals(RefusalReason.PROPOSAL_CLOSED, refused.reason(), refused.getMessage());
                closedRefusals.incrementAndGet();
            }
            return null;
        });

        assertEquals(1, table.engine.current().version(), "the operation was applied exactly once");
        assertEquals(3L, table.engine.current().state());
        assertEquals(1, outcomes.stream().filter(s -> s == ProposalStatus.COMMITTED).count());
        assertEquals(participants - 1, outcomes.size() + closedRefusals.get());
        ProposalState last = table.engine.proposal(id).orElseThrow();
        assertEquals(ProposalStatus.COMMITTED, last.status());
        assertEquals(1, table.engine.stats().proposalsCommitted());
        assertEquals(0, table.engine.stats().proposalsOpen());
    }

    /** Runs {@code task} on {@code threads} threads released together, and waits for all with a deadline. */
    private static void runTogether(int threads, IndexedTask task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Void>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int index = t;
                Callable<Void> body = () -> {
                    assertTrue(start.await(30, TimeUnit.SECONDS));
                    return task.run(index);
                };
                done.add(pool.submit(body));
            }
            start.countDown();
            for (Future<Void> f : done) {
                f.get(60, TimeUnit.SECONDS); // rethrows a thread's assertion failure
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @FunctionalInterface
    private interface IndexedTask {
        Void run(int index) throws Exception;
    }
}
