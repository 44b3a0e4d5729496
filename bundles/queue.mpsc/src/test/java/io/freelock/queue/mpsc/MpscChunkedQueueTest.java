package io.freelock.queue.mpsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.freelock.queue.ClosableQueue;
import io.freelock.queue.ConcurrentQueue;
import io.freelock.queue.CountingQueue;
import io.freelock.queue.QueueDriver;
import io.freelock.queue.testkit.CloseRace;
import io.freelock.queue.testkit.CountingQueueContract;
import io.freelock.queue.testkit.Exchange;
import io.freelock.queue.testkit.QueueContract;
import io.freelock.queue.testkit.RemovalContract;
import io.freelock.queue.testkit.StalledProducer;

/**
 * The queue, counting and removal contracts for {@code queue:mpsc?bounded=false}, and what is particular to this
 * queue: the chunk chain, removal racing producers, closing.
 */
class MpscChunkedQueueTest extends QueueContract implements CountingQueueContract, RemovalContract {

    /** Enough elements to cross several chunk boundaries. */
    private static final int CHUNKS_WORTH = 3 * Chunk.SIZE + 17;

    @Override
    protected QueueDriver driver() {
        return new MpscDriver();
    }

    @Override
    protected String spec(int capacity) {
        return "queue:mpsc?bounded=false";
    }

    @Override
    public <E> CountingQueue<E> newCountingQueue(int capacity) {
        return new MpscChunkedQueue<>();
    }

    @Override
    public <E> ConcurrentQueue<E> newRemovalQueue(int capacity) {
        return newQueue(capacity);
    }

    /** Removal is the consumer's operation on this queue. */
    @Override
    public boolean singleConsumer() {
        return true;
    }

    // ---- the chunk chain ----

    @Test
    void elementsKeepTheirOrderAcrossChunksAndTheWalksSeeThemAll() {
        MpscChunkedQueue<Long> queue = new MpscChunkedQueue<>();
        for (long i = 0; i < CHUNKS_WORTH; i++) {
            assertTrue(queue.offer(i));
        }
        assertEquals(CHUNKS_WORTH, queue.size());
        long expected = 0;
        for (Long e : queue) {
            assertEquals(expected++, e);
        }
        assertEquals(CHUNKS_WORTH, expected, "the iterator crosses the chunks");
        for (long i = 0; i < Chunk.SIZE + 5; i++) {
            assertEquals(i, queue.poll());
        }
        assertEquals(Chunk.SIZE + 5, queue.iterator().next(), "a walk starts where the consumer is");
        List<Long> rest = new ArrayList<>();
        assertEquals(CHUNKS_WORTH - Chunk.SIZE - 5, queue.drain(rest::add, Integer.MAX_VALUE));
        for (int i = 0; i < rest.size(); i++) {
            assertEquals(Chunk.SIZE + 5 + i, rest.get(i));
        }
        assertTrue(queue.isEmpty());
        assertNull(queue.peek());
    }

    /** An iterator standing in a chunk the consumer then leaves meets its self-link and goes on from the consumer. */
    @Test
    void anIteratorInAChunkTheConsumerLeftGoesOnFromTheConsumer() {
        MpscChunkedQueue<Long> queue = new MpscChunkedQueue<>();
        for (long i = 0; i < CHUNKS_WORTH; i++) {
            queue.offer(i);
        }
        Iterator<Long> it = queue.iterator();
        assertEquals(0L, it.next());
        for (long i = 0; i < 2L * Chunk.SIZE; i++) {
            assertEquals(i, queue.poll());
        }
        assertEquals(1L, it.next(), "read before it was polled");
        assertEquals(2L * Chunk.SIZE, it.next(), "then on from the consumer's position, two chunks on");
    }

    @Test
    void aFillAcrossAChunkBoundaryKeepsOrderAndTheSupplierIsCalledOncePerElement() {
        MpscChunkedQueue<Long> queue = new MpscChunkedQueue<>();
        for (long i = 0; i < Chunk.SIZE - 10; i++) {
            queue.offer(i);
        }
        long[] next = {Chunk.SIZE - 10};
        assertEquals(1000, queue.fill(() -> next[0]++, 1000));
        assertEquals(Chunk.SIZE + 990, next[0]);
        for (long i = 0; i < Chunk.SIZE + 990; i++) {
            assertEquals(i, queue.poll());
        }
        assertNull(queue.poll());
    }

    /**
     * A fill stores each chunk's part of a batch as one run. A supplier that fails in either run, before or after
     * the chunk boundary, keeps what it gave, leaves the rest of the batch's claim empty on both sides of the
     * boundary, and the consumer steps over it into the next chunk without waiting.
     */
    @ParameterizedTest
    @ValueSource(ints = {3, 10, 25})
    void aSupplierThatFailsInABatchAcrossAChunkBoundaryKeepsWhatCameBefore(int failAt) {
        MpscChunkedQueue<Long> queue = new MpscChunkedQueue<>();
        for (long i = 0; i < Chunk.SIZE - 10; i++) {
            queue.offer(i);
        }
        long[] next = {Chunk.SIZE - 10};
        long failing = Chunk.SIZE - 10 + failAt;
        NullPointerException thrown = assertThrows(NullPointerException.class,
                () -> queue.fill(() -> next[0] == failing ? null : next[0]++, 64));
        assertEquals("null element from supplier", thrown.getMessage());
        assertEquals(failing, next[0], "the supplier was called once per element until it failed");
        assertEquals(failing, queue.size(), "the empty places are not counted as elements");
        assertTrue(queue.offer(-1L), "the next claim follows the batch's 64 places");
        for (long i = 0; i < failing; i++) {
            assertEquals(i, queue.poll());
        }
        assertEquals(-1L, queue.poll(), "the consumer stepped over the empty places, across the boundary");
        assertNull(queue.poll());
        assertTrue(queue.isEmpty());
        assertEquals(queue.addedCount(), queue.removedCount());
    }

    /** A failed supplier leaves the rest of its batch's claim empty: the consumer steps over it and never waits. */
    @Test
    void aThrowingSupplierKeepsWhatCameBeforeAndTheCountsStayTrue() {
        MpscChunkedQueue<Long> queue = new MpscChunkedQueue<>();
        long[] next = {0};
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> queue.fill(() -> {
            if (next[0] == 100) {
                throw new IllegalStateException("supplier gave up");
            }
            return next[0]++;
        }, 1000));
        assertEquals("supplier gave up", thrown.getMessage());
        assertEquals(100, queue.size());
        assertEquals(queue.addedCount() - queue.removedCount(), 100, "the empty places count on both sides");
        assertTrue(queue.offer(100L), "the next claim follows the empty places");
        for (long i = 0; i <= 100; i++) {
            assertEquals(i, queue.poll());
        }
        assertNull(queue.poll(), "the consumer stepped over the empty places and did not wait");
        assertTrue(queue.isEmpty());
    }

    /**
     * relaxedPoll and relaxedDrain answer at once where the head position is claimed and not yet filled, even with an
     * element stored behind it, where poll and drain wait for that producer. The stalled producer stores only when
     * the test lets it, so a relaxed call that waited would hang until the deadline and fail.
     */
    @Test
    void theRelaxedCallsAnswerAtOnceWhereTheHeadIsClaimedAndNotYetFilled() throws Exception {
        MpscChunkedQueue<String> queue = new MpscChunkedQueue<>();
        StalledProducer<String> slow = StalledProducer.start(queue, "slow", () -> false);
        List<String> drained = new ArrayList<>();
        try {
            slow.awaitClaimed();
            assertTrue(queue.offer("fast"), "position 1, stored while position 0 is not");
            assertNull(queue.relaxedPoll(), "the head is claimed, not filled: no waiting");
            assertEquals(0, queue.relaxedDrain(drained::add, 4), "nor here");
            assertFalse(queue.isEmpty());
            assertEquals(2, queue.size());
        } finally {
            slow.release();
        }
        assertEquals(1, slow.finish());
        assertEquals(2, queue.relaxedDrain(drained::add, 4));
        assertEquals(List.of("slow", "fast"), drained);
        assertNull(queue.relaxedPoll());
        assertEquals(0, queue.relaxedDrain(drained::add, 4));
        assertTrue(queue.isEmpty());
    }

    @Test
    void fourProducersAndOneConsumerLoseNothingAndKeepEachProducersOrder() throws Exception {
        assertEquals(4L * PER_PRODUCER, Exchange.run(newQueue(16), 4, 1, PER_PRODUCER, false));
    }

    @Test
    void fourProducersAndOneConsumerInBatchesLoseNothingAndKeepEachProducersOrder() throws Exception {
        assertEquals(4L * PER_PRODUCER, Exchange.run(newQueue(16), 4, 1, PER_PRODUCER, true));
    }

    /** Walkers on the test thread while four producers and the consumer run: each producer's order, no null. */
    @Test
    void walkingWhileFourProducersOfferAndTheConsumerPollsKeepsEachProducersOrder() throws Exception {
        assertEquals(4L * PER_PRODUCER, Exchange.runWhileWalked(newQueue(16), 4, 1, PER_PRODUCER));
    }

    // ---- removal, by the consumer ----

    @Test
    void removeTakesOutTheFirstEqualElementOnlyAndItIsNeverReturned() {
        MpscChunkedQueue<Long> queue = new MpscChunkedQueue<>();
        for (long i : new long[] {1, 2, 3, 2, 4}) {
            queue.offer(i);
        }
        assertTrue(queue.remove(2L));
        assertEquals(List.of(1L, 3L, 2L, 4L), new ArrayList<>(queue));
        assertEquals(4, queue.size());
        assertEquals(1, queue.removedCount(), "a removal counts as an element that left");
        assertFalse(queue.remove(99L));
        assertFalse(queue.remove(null), "null is never an element");
        assertTrue(queue.remove(4L), "the last element");
        assertTrue(queue.remove(1L), "the first element");
        assertEquals(3L, queue.peek(), "peek steps over the removed first element");
        assertEquals(3L, queue.poll());
        assertEquals(2L, queue.poll());
        assertNull(queue.poll());
        assertTrue(queue.isEmpty());
        assertTrue(queue.offer(5L), "an element after a removed last one");
        assertEquals(5L, queue.poll());
    }

    @Test
    void aDrainWhoseConsumerRemovesAndPollsGoesOnFromWhereThatLeftTheQueueAndTheCountsStayTrue() {
        MpscChunkedQueue<Long> queue = new MpscChunkedQueue<>();
        long total = Chunk.SIZE + 8; // the drain crosses a chunk boundary
        for (long i = 0; i < total; i++) {
            queue.offer(i);
        }
        List<Long> handed = new ArrayList<>();
        List<Long> polled = new ArrayList<>();
        // Each element handed over cancels the one two places on (remove(Object)) and takes the next (poll), as a
        // game loop does when one message withdraws a later one: the drain must neither hand over the removed nor
        // the polled element, and counts must include both.
        int drained = queue.drain(e -> {
            handed.add(e);
            queue.remove(e + 2);
            Long next = queue.poll();
            if (next != null) {
                polled.add(next);
            }
        }, Integer.MAX_VALUE);
        assertEquals(handed.size(), drained);
        // 0 is handed over, removes 2 and polls 1; the drain steps over 2 to 3, which removes 5 and polls 4; ...
        List<Long> expectedHanded = new ArrayList<>();
        List<Long> expectedPolled = new ArrayList<>();
        for (long i = 0; i < total; i += 3) {
            expectedHanded.add(i);
            expectedPolled.add(i + 1);
        }
        assertEquals(expectedHanded, handed, "neither a removed nor a polled element is handed over");
        assertEquals(expectedPolled, polled);
        assertEquals(queue.addedCount(), queue.removedCount(), "every element counted once as gone");
        assertTrue(queue.isEmpty());
        assertEquals(0, queue.size());
        assertTrue(queue.offer(-1L));
        assertEquals(-1L, queue.poll(), "the queue still works after the drain");
    }

    @Test
    void bulkRemovalsCheckTheirArgumentFirstAndRemoveAcrossChunks() {
        MpscChunkedQueue<Long> queue = new MpscChunkedQueue<>();
        for (long i = 0; i < CHUNKS_WORTH; i++) {
            queue.offer(i);
        }
        assertThrows(NullPointerException.class, () -> queue.removeIf(null));
        assertThrows(NullPointerException.class, () -> queue.removeAll(null));
        assertThrows(NullPointerException.class, () -> queue.retainAll(null));
        assertEquals(CHUNKS_WORTH, queue.size(), "a refused call changed nothing");
        assertTrue(queue.removeIf(e -> e % 2 == 0));
        assertFalse(queue.removeIf(e -> e % 2 == 0), "nothing left to remove");
        assertTrue(queue.removeAll(List.of(1L, 3L, 99L)));
        assertTrue(queue.retainAll(List.of(5L, (long) CHUNKS_WORTH - 2, (long) CHUNKS_WORTH - 1)));
        assertEquals(2, queue.size());
        assertEquals(List.of(5L, (long) CHUNKS_WORTH - 2), new ArrayList<>(queue));
        assertEquals(5L, queue.poll());
        assertEquals(CHUNKS_WORTH - 2, queue.poll());
        assertNull(queue.poll());
        assertEquals(queue.addedCount(), queue.removedCount());
    }

    @Test
    void iteratorRemoveRemovesTheElementLastReturned() {
        MpscChunkedQueue<Long> queue = new MpscChunkedQueue<>();
        for (long i = 0; i < 5; i++) {
            queue.offer(i);
        }
        Iterator<Long> it = queue.iterator();
        assertThrows(IllegalStateException.class, it::remove, "nothing returned yet");
        assertEquals(0L, it.next());
        assertEquals(1L, it.next());
        it.remove();
        assertThrows(IllegalStateException.class, it::remove, "once per element returned");
        assertEquals(2L, it.next());
        assertEquals(0L, queue.poll());
        Iterator<Long> stale = queue.iterator();
        assertEquals(2L, stale.next());
        assertEquals(2L, queue.poll());
        stale.remove(); // 2 has left already: nothing more to do
        assertEquals(List.of(3L, 4L), new ArrayList<>(queue));
        assertEquals(3, queue.removedCount(), "0 and 2 polled, 1 removed; the late remove counted nothing");
    }

    /**
     * The consumer removes (by a filter that records what it removes) while four producers offer; then every element
     * was either polled once or removed once, never both, and each producer's polled elements are in order.
     */
    @Test
    void removalRacingProducersLosesNothingAndARemovedElementIsNeverPolled() throws Exception {
        MpscChunkedQueue<Long> queue = new MpscChunkedQueue<>();
        int producers = 4;
        long perProducer = 100_000;
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            long base = (long) p << 32;
            threads.add(new Thread(() -> {
                for (long i = 0; i < perProducer; i++) {
                    queue.offer(base | i);
                }
            }, "producer-" + p));
        }
        threads.forEach(Thread::start);
        BitSet[] polled = new BitSet[producers];
        BitSet[] removed = new BitSet[producers];
        long[] lastPolled = new long[producers];
        for (int p = 0; p < producers; p++) {
            polled[p] = new BitSet();
            removed[p] = new BitSet();
            lastPolled[p] = -1;
        }
        long[] seen = {0};
        long rounds = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Exchange.DEADLINE_SECONDS);
        while (seen[0] < producers * perProducer && System.nanoTime() < deadline) {
            if (++rounds % 1024 == 0) {
                queue.removeIf(e -> {
                    if ((e & 0xFFFF_FFFFL) % 3 != 0) {
                        return false;
                    }
                    int p = (int) (e >>> 32);
                    int i = (int) (e & 0xFFFF_FFFFL);
                    assertFalse(removed[p].get(i) || polled[p].get(i), "offered to the filter twice: " + e);
                    removed[p].set(i);
                    seen[0]++;
                    return true;
                });
            }
            Long e = queue.poll();
            if (e != null) {
                int p = (int) (e >>> 32);
                int i = (int) (e & 0xFFFF_FFFFL);
                assertFalse(removed[p].get(i), "polled after it was removed: " + e);
                assertFalse(polled[p].get(i), "polled twice: " + e);
                assertTrue(i > lastPolled[p], "producer " + p + ": " + i + " after " + lastPolled[p]);
                polled[p].set(i);
                lastPolled[p] = i;
                seen[0]++;
            }
        }
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(Exchange.DEADLINE_SECONDS));
            assertFalse(t.isAlive());
        }
        assertEquals(producers * perProducer, seen[0], "every element polled or removed");
        assertNull(queue.poll());
        long removedTotal = 0;
        for (int p = 0; p < producers; p++) {
            removedTotal += removed[p].cardinality();
        }
        assertTrue(removedTotal > 0, "the filter removed some elements");
        assertEquals(queue.addedCount(), queue.removedCount());
    }

    // ---- closing ----

    @Test
    void theDriversQueueIsClosableAndStartsOpen() {
        ClosableQueue<Long> queue = assertInstanceOf(ClosableQueue.class, newQueue(16));
        assertFalse(queue.producersClosed());
        assertTrue(queue.offer(1L));
    }

    @Test
    void afterTheCloseOffersAndFillsRefuseAndWhatCameBeforeIsTakenInOrderThenEmptyForGood() {
        MpscChunkedQueue<Long> queue = new MpscChunkedQueue<>();
        for (long i = 0; i < CHUNKS_WORTH; i++) {
            queue.offer(i);
        }
        queue.closeProducers();
        queue.closeProducers(); // a second close changes nothing
        assertTrue(queue.producersClosed());
        assertFalse(queue.offer(-1L));
        AtomicInteger calls = new AtomicInteger();
        Supplier<Long> counting = () -> (long) calls.incrementAndGet();
        assertEquals(0, queue.fill(counting, 1000));
        assertEquals(0, calls.get(), "the supplier was never called");
        assertEquals(CHUNKS_WORTH, queue.size(), "refused claims count nothing");
        assertEquals(CHUNKS_WORTH, queue.addedCount());
        for (long i = 0; i < CHUNKS_WORTH; i++) {
            assertFalse(queue.isEmpty());
            assertEquals(i, queue.poll());
        }
        assertNull(queue.poll(), "the refused claims after the close are never waited for");
        assertTrue(queue.isEmpty());
        assertFalse(queue.offer(-2L));
        assertTrue(queue.isEmpty(), "and stays so");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aCloseRacingFourProducersDeliversEveryTakenElementOnceAndNoRefusedOne(boolean batch) throws Exception {
        MpscChunkedQueue<Long> queue = new MpscChunkedQueue<>();
        long taken = CloseRace.run(queue, 4, 1, 100_000, batch, true);
        assertTrue(taken >= 200_000, "the close came once half the elements were in: " + taken);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void aCloseRacingFillersAndOfferersLosesNoSuppliedElement(int drainers) throws Exception {
        MpscChunkedQueue<Long> queue = new MpscChunkedQueue<>();
        long taken = CloseRace.run(queue, 2, 2, drainers, 1 - drainers, 100_000, true);
        assertTrue(taken >= 200_000, "the close came once half the elements were in: " + taken);
    }
}
