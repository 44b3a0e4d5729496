package io.freelock.queue.spsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.freelock.queue.ConcurrentQueue;
import io.freelock.queue.CountingQueue;
import io.freelock.queue.QueueDriver;
import io.freelock.queue.QueueSpec;
import io.freelock.queue.testkit.CountingQueueContract;
import io.freelock.queue.testkit.Exchange;
import io.freelock.queue.testkit.QueueContract;
import io.freelock.queue.testkit.RemovalContract;

/** The shared contract, and what is particular to a single-producer single-consumer ring. */
class SpscRingQueueTest extends QueueContract implements CountingQueueContract, RemovalContract {

    private static final int MILLION = 1_000_000;

    @Override
    protected QueueDriver driver() {
        return new SpscDriver();
    }

    @Override
    public <E> CountingQueue<E> newCountingQueue(int capacity) {
        return (CountingQueue<E>) this.<E>newQueue(capacity);
    }

    @Override
    public <E> ConcurrentQueue<E> newRemovalQueue(int capacity) {
        return newQueue(capacity);
    }

    @Override
    public boolean singleConsumer() {
        return true;
    }

    @Override
    protected String spec(int capacity) {
        return "queue:spsc?capacity=" + capacity;
    }

    // ---- tiny rings under two threads: every element crosses a full or empty edge ----

    @ParameterizedTest(name = "capacity {0}, offer/poll")
    @ValueSource(ints = {1, 4})
    void aTinyRingMovesAMillionElementsOneByOne(int capacity) throws InterruptedException {
        SpscRingQueue<Long> queue = new SpscRingQueue<>(capacity);
        assertEquals(capacity, queue.capacity());
        assertEquals(MILLION, Exchange.run(queue, 1, 1, MILLION, false));
        assertTrue(queue.isEmpty());
    }

    @ParameterizedTest(name = "capacity {0}, fill/drain")
    @ValueSource(ints = {1, 4})
    void aTinyRingMovesAMillionElementsInBatches(int capacity) throws InterruptedException {
        SpscRingQueue<Long> queue = new SpscRingQueue<>(capacity);
        assertEquals(MILLION, Exchange.run(queue, 1, 1, MILLION, true));
        assertTrue(queue.isEmpty());
    }

    // ---- capacity ----

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"1, 1", "2, 2", "3, 4", "4, 4", "5, 8", "1000, 1024", "1025, 2048", "1073741823, 1073741824",
            "1073741824, 1073741824"})
    void capacityIsRoundedUpToAPowerOfTwo(int requested, int ring) {
        assertEquals(ring, SpscRingQueue.ringSize(requested));
        if (ring <= 4096) {
            assertEquals(ring, new SpscRingQueue<Long>(requested).capacity());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE, QueueSpec.MAX_CAPACITY + 1, Integer.MAX_VALUE})
    void aCapacityOutsideTheRangeIsRefusedByName(int requested) {
        IllegalArgumentException refused =
                assertThrows(IllegalArgumentException.class, () -> new SpscRingQueue<Long>(requested));
        assertTrue(refused.getMessage().contains("capacity " + requested + " "), refused.getMessage());
        assertTrue(refused.getMessage().contains("1.." + QueueSpec.MAX_CAPACITY), refused.getMessage());
    }

    @Test
    void aOneSlotRingAlternatesBetweenFullAndEmpty() {
        SpscRingQueue<Long> queue = new SpscRingQueue<>(1);
        for (long i = 0; i < 100; i++) {
            assertTrue(queue.offer(i));
            assertFalse(queue.offer(-1L), "one element fills it");
            assertEquals(1, queue.size());
            assertEquals(i, queue.peek());
            assertEquals(i, queue.poll());
            assertNull(queue.poll());
            assertTrue(queue.isEmpty());
        }
        AtomicLong supplied = new AtomicLong(100);
        assertEquals(1, queue.fill(supplied::getAndIncrement, 5));
        assertEquals(101, supplied.get(), "the supplier was called once, for the one free slot");
        assertEquals(0, queue.fill(supplied::getAndIncrement, 5));
        assertEquals(101, supplied.get());
        List<Long> out = new ArrayList<>();
        assertEquals(1, queue.drain(out::add, 5));
        assertEquals(List.of(100L), out);
    }

    // ---- the wrap-around at the full edge ----

    @Test
    void aFullRingWrapsOneSlotAtATimeAndKeepsOrder() {
        SpscRingQueue<Long> queue = new SpscRingQueue<>(4);
        long next = 0;
        long expected = 0;
        while (queue.offer(next)) {
            next++;
        }
        assertEquals(4, next);
        for (int step = 0; step < 1000; step++) {
            assertFalse(queue.offer(-1L), "full at step " + step);
            assertEquals(4, queue.size());
            assertEquals(expected, queue.peek());
            assertEquals(expected++, queue.poll());
            assertTrue(queue.offer(next++), "the freed slot is taken again at step " + step);
        }
        List<Long> rest = new ArrayList<>(queue);
        assertEquals(List.of(expected, expected + 1, expected + 2, expected + 3), rest, "the iterator crosses the wrap");
        for (int i = 0; i < 4; i++) {
            assertEquals(expected++, queue.poll());
        }
        assertNull(queue.poll());
        assertEquals(next, expected);
    }

    @Test
    void batchesAcrossTheEndOfTheArrayKeepOrder() {
        SpscRingQueue<Long> queue = new SpscRingQueue<>(8);
        AtomicLong supplied = new AtomicLong();
        List<Long> out = new ArrayList<>();
        int held = 0;
        for (int round = 0; round < 500; round++) {
            // fills of 3 and 5 and a drain of 6 on 8 slots: over the rounds, batches start at every offset
            int added = queue.fill(supplied::getAndIncrement, 3);
            added += queue.fill(supplied::getAndIncrement, 5);
            assertEquals(8 - held, added, "the fills take exactly the free slots in round " + round);
            held += added;
            assertEquals(held, queue.size());
            held -= queue.drain(out::add, 6);
            assertEquals(held, queue.size());
        }
        queue.drain(out::add, Integer.MAX_VALUE);
        assertEquals(supplied.get(), out.size(), "everything supplied came out");
        for (int i = 0; i < out.size(); i++) {
            assertEquals(i, out.get(i));
        }
    }

    @Test
    void fillStopsOnlyAtTheFullEdgeEvenWhenTheProducersCacheIsStale() {
        SpscRingQueue<Long> queue = new SpscRingQueue<>(4);
        AtomicLong supplied = new AtomicLong();
        assertEquals(2, queue.fill(supplied::getAndIncrement, 2));
        assertEquals(0L, queue.poll());
        assertEquals(1L, queue.poll());
        // the producer last saw the consumer at 0, which left it room for 2; the ring has room for 4
        assertEquals(4, queue.fill(supplied::getAndIncrement, 10), "fill looks again rather than stop short");
        assertEquals(6, supplied.get());
        assertFalse(queue.offer(-1L));
        assertEquals(2L, queue.poll());
        assertTrue(queue.offer(6L), "offer looks again once it reaches its cached limit");
        List<Long> out = new ArrayList<>();
        assertEquals(4, queue.drain(out::add, 10));
        assertEquals(List.of(3L, 4L, 5L, 6L), out);
    }

    @Test
    void drainTakesEverythingPublishedEvenWhenTheConsumersCacheIsStale() {
        SpscRingQueue<Long> queue = new SpscRingQueue<>(8);
        queue.offer(0L);
        queue.offer(1L);
        assertEquals(0L, queue.poll()); // the consumer saw the producer at 2 here (an index-reading ring caches that)
        queue.offer(2L);
        queue.offer(3L);
        List<Long> out = new ArrayList<>();
        assertEquals(3, queue.drain(out::add, 10), "drain looks again rather than stop at its cache");
        assertEquals(List.of(1L, 2L, 3L), out);
    }

    // ---- batches and failures ----

    @Test
    void aThrowingConsumerKeepsWhatItWasHandedAndLeavesTheRest() {
        SpscRingQueue<Long> queue = new SpscRingQueue<>(8);
        for (long i = 0; i < 6; i++) {
            queue.offer(i);
        }
        List<Long> out = new ArrayList<>();
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> queue.drain(e -> {
            out.add(e);
            if (e == 2L) {
                throw new IllegalStateException("consumer fails on 2");
            }
        }, 10));
        assertEquals("consumer fails on 2", thrown.getMessage());
        assertEquals(List.of(0L, 1L, 2L), out);
        assertEquals(3, queue.size(), "the failed element counts as delivered");
        assertEquals(3L, queue.poll());
        assertTrue(queue.offer(6L));
        assertEquals(List.of(4L, 5L, 6L), new ArrayList<>(queue));
    }

    @Test
    void aThrowingSupplierKeepsWhatItSuppliedBefore() {
        SpscRingQueue<Long> queue = new SpscRingQueue<>(8);
        AtomicInteger calls = new AtomicInteger();
        assertThrows(ArithmeticException.class, () -> queue.fill(() -> {
            int call = calls.incrementAndGet();
            if (call == 3) {
                throw new ArithmeticException("supplier fails on its third call");
            }
            return (long) call;
        }, 5));
        assertEquals(List.of(1L, 2L), new ArrayList<>(queue));
        assertEquals(6, queue.fill(() -> 9L, 100), "two slots stayed taken");
    }

    @Test
    void aNullFromTheSupplierIsReportedWithAMessage() {
        SpscRingQueue<Long> queue = new SpscRingQueue<>(8);
        AtomicInteger calls = new AtomicInteger();
        NullPointerException refused = assertThrows(NullPointerException.class,
                () -> queue.fill(() -> calls.incrementAndGet() <= 2 ? 1L : null, 5));
        assertTrue(refused.getMessage().contains("null element"), refused.getMessage());
        assertEquals(3, calls.get(), "fill stopped at the first null");
        assertEquals(2, queue.size(), "what came before the null stays queued");
        assertEquals("null element", assertThrows(NullPointerException.class, () -> queue.offer(null)).getMessage());
    }

    // ---- removal: the marked places ----

    /**
     * A removed element's place is marked, not freed, until the consumer passes it: the counts count the removal at
     * once (their difference stays the size), and the place counts against the capacity until a poll reaches it.
     */
    @Test
    void aRemovedPlaceCountsAsTakenAtOnceAndAsRoomOnceTheConsumerPassesIt() {
        SpscRingQueue<Long> queue = new SpscRingQueue<>(4);
        for (long i = 1; i <= 4; i++) {
            assertTrue(queue.offer(i));
        }
        assertTrue(queue.remove(3L));
        assertEquals(4, queue.addedCount());
        assertEquals(1, queue.removedCount(), "the removal counts at once");
        assertEquals(3, queue.size());
        assertFalse(queue.offer(5L), "3's place is still marked: the producer never writes into the middle");
        assertEquals(1L, queue.poll());
        assertTrue(queue.offer(5L), "1's slot is free");
        assertFalse(queue.offer(6L));
        assertEquals(2L, queue.poll());
        assertEquals(4L, queue.poll(), "the consumer passes 3's place on its way to 4");
        assertTrue(queue.offer(6L), "2's slot");
        assertTrue(queue.offer(7L), "3's place, freed when the consumer passed it");
        assertEquals(7, queue.addedCount());
        assertEquals(4, queue.removedCount());
        assertEquals(3, queue.size());
        assertEquals(List.of(5L, 6L, 7L), new ArrayList<>(queue));
        assertTrue(queue.remove(5L), "the head: its slot is freed at once");
        assertEquals(5, queue.removedCount());
        assertTrue(queue.offer(8L));
        assertEquals(List.of(6L, 7L, 8L), new ArrayList<>(queue));
        assertEquals(queue.addedCount() - queue.removedCount(), queue.size());
    }

    /** A drain's consumer runs on the consumer thread and may remove: the drain goes on past what it removed. */
    @Test
    void aDrainWhoseConsumerRemovesSkipsWhatItRemoved() {
        SpscRingQueue<Long> queue = new SpscRingQueue<>(8);
        for (long i = 1; i <= 6; i++) {
            assertTrue(queue.offer(i));
        }
        List<Long> out = new ArrayList<>();
        assertEquals(4, queue.drain(e -> {
            out.add(e);
            if (e == 1L) {
                assertTrue(queue.remove(2L), "the next head");
                assertTrue(queue.remove(4L), "one further on");
            }
        }, 10));
        assertEquals(List.of(1L, 3L, 5L, 6L), out);
        assertTrue(queue.isEmpty());
        assertEquals(6, queue.removedCount());
    }

    // ---- the iterator ----

    @Test
    void theIteratorSkipsWhatTheConsumerTookAndIgnoresWhatCameAfterIt() {
        SpscRingQueue<Long> queue = new SpscRingQueue<>(4);
        for (long i = 0; i < 4; i++) {
            queue.offer(i);
        }
        Iterator<Long> it = queue.iterator();
        assertEquals(0L, queue.poll());
        assertEquals(1L, queue.poll());
        assertTrue(queue.offer(4L)); // into the slot of 0
        assertTrue(queue.offer(5L)); // into the slot of 1
        List<Long> seen = new ArrayList<>();
        it.forEachRemaining(seen::add);
        // 0 was read ahead when the iterator was made; the slot of 1 now holds 5, which it must not yield
        assertEquals(List.of(0L, 2L, 3L), seen);
        assertFalse(it.hasNext());
        assertThrows(NoSuchElementException.class, it::next);
    }

    @Test
    void anIteratorOverARingTheConsumerEmptiedYieldsNothingMore() {
        SpscRingQueue<Long> queue = new SpscRingQueue<>(4);
        for (long i = 0; i < 3; i++) {
            queue.offer(i);
        }
        Iterator<Long> it = queue.iterator();
        queue.clear();
        assertTrue(queue.isEmpty());
        assertEquals(0L, it.next(), "read ahead at creation");
        assertFalse(it.hasNext(), "the slots of 1 and 2 are empty now");
    }

    // ---- size from a third thread ----

    @Test
    void sizeSeenFromAThirdThreadStaysWithinTheRing() throws InterruptedException {
        SpscRingQueue<Long> queue = new SpscRingQueue<>(4);
        AtomicReference<String> bad = new AtomicReference<>();
        long moved = Exchange.runWhile(queue, () -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Exchange.DEADLINE_SECONDS);
            for (int i = 0; i < 200_000 && System.nanoTime() - deadline < 0; i++) {
                int size = queue.size();
                if (size < 0 || size > 4) {
                    bad.compareAndSet(null, "size " + size);
                }
            }
        });
        assertEquals(PER_PRODUCER, moved);
        assertNull(bad.get());
        assertEquals(0, queue.size());
        assertTrue(queue.isEmpty());
    }

    @Test
    void iteratorsAreIndependentAndRemoveNothing() {
        SpscRingQueue<Long> queue = new SpscRingQueue<>(2);
        queue.offer(1L);
        Iterator<Long> first = queue.iterator();
        Iterator<Long> second = queue.iterator();
        assertSame(1L, first.next());
        assertSame(1L, second.next(), "iterators are independent and remove nothing");
        assertEquals(1, queue.size());
    }
}
