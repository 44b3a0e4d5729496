package io.freelock.queue.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.freelock.queue.ConcurrentQueue;
import io.freelock.queue.QueueDriver;
import io.freelock.queue.QueueSpec;

/**
 * The {@link ConcurrentQueue} contract, run against one driver and one queue shape. A queue's test
 * class extends this and says which driver and which spec; the suite works out from the spec which
 * threads may produce and consume, and from {@link ConcurrentQueue#capacity()} whether it is bounded.
 */
public abstract class QueueContract {

    /** Elements each producer sends in the concurrent tests: enough to wrap any ring here many times. */
    protected static final int PER_PRODUCER = 200_000;

    /** @return the driver under test, ready to create queues */
    protected abstract QueueDriver driver();

    /**
     * @param capacity the capacity to ask for, where the driver is bounded
     * @return the spec this suite creates its queues with
     */
    protected abstract String spec(int capacity);

    protected final <E> ConcurrentQueue<E> newQueue(int capacity) {
        return driver().create(QueueSpec.parse(spec(capacity)));
    }

    private QueueSpec shape() {
        return QueueSpec.parse(spec(16));
    }

    private static boolean bounded(ConcurrentQueue<?> queue) {
        return queue.capacity() != ConcurrentQueue.UNBOUNDED_CAPACITY;
    }

    // ---- single thread: the Queue and Collection contract ----

    @Test
    void aNewQueueIsEmpty() {
        ConcurrentQueue<Long> queue = newQueue(16);
        assertTrue(queue.isEmpty());
        assertEquals(0, queue.size());
        assertNull(queue.poll());
        assertNull(queue.peek());
        assertThrows(NoSuchElementException.class, queue::remove);
        assertThrows(NoSuchElementException.class, queue::element);
        assertFalse(queue.iterator().hasNext());
        assertThrows(NoSuchElementException.class, () -> queue.iterator().next());
        assertEquals(0, queue.toArray().length);
        assertFalse(queue.contains(1L));
    }

    @Test
    void nullElementsAreRefusedAndChangeNothing() {
        ConcurrentQueue<Long> queue = newQueue(16);
        queue.offer(1L);
        NullPointerException offered = assertThrows(NullPointerException.class, () -> queue.offer(null));
        assertNotNull(offered.getMessage(), "the error says what was null");
        assertThrows(NullPointerException.class, () -> queue.add(null));
        assertEquals(1, queue.size());
        assertEquals(1L, queue.poll());
        assertNull(queue.poll());
    }

    @Test
    void elementsComeOutInTheOrderTheyWentIn() {
        ConcurrentQueue<Long> queue = newQueue(64);
        for (long i = 0; i < 50; i++) {
            assertTrue(queue.offer(i));
            assertEquals(i + 1, queue.size());
        }
        assertEquals(0L, queue.peek());
        assertEquals(0L, queue.element());
        assertEquals(50, queue.size(), "peek removes nothing");
        for (long i = 0; i < 50; i++) {
            assertEquals(i, queue.poll());
        }
        assertTrue(queue.isEmpty());
    }

    @Test
    void manyLapsKeepOrder() {
        ConcurrentQueue<Long> queue = newQueue(8);
        long next = 0;
        long expected = 0;
        for (int lap = 0; lap < 10_000; lap++) {
            for (int i = 0; i < 5; i++) {
                assertTrue(queue.offer(next++));
            }
            for (int i = 0; i < 5; i++) {
                assertEquals(expected++, queue.poll());
            }
        }
        assertNull(queue.poll());
    }

    @Test
    void aBoundedQueueRefusesWhenFullAndTakesAgainAfterAPoll() {
        ConcurrentQueue<Long> queue = newQueue(100);
        if (!bounded(queue)) {
            assertUnboundedTakesWhateverIsOffered(queue);
            return;
        }
        int capacity = queue.capacity();
        assertTrue(capacity >= 100, "capacity " + capacity + " holds at least what was asked");
        assertEquals(0, capacity & (capacity - 1), "capacity " + capacity + " is a power of two");
        for (long i = 0; i < capacity; i++) {
            assertTrue(queue.offer(i), "offer " + i + " of " + capacity);
        }
        assertEquals(capacity, queue.size());
        assertFalse(queue.offer(-1L), "a full queue refuses");
        assertThrows(IllegalStateException.class, () -> queue.add(-1L));
        assertEquals(capacity, queue.size(), "a refused offer changes nothing");
        assertEquals(0L, queue.poll());
        assertTrue(queue.offer((long) capacity));
        assertFalse(queue.offer(-1L));
        for (long i = 1; i <= capacity; i++) {
            assertEquals(i, queue.poll());
        }
        assertNull(queue.poll());
    }

    private static void assertUnboundedTakesWhateverIsOffered(ConcurrentQueue<Long> queue) {
        for (long i = 0; i < 100_000; i++) {
            assertTrue(queue.offer(i));
        }
        assertEquals(100_000, queue.size());
    }

    @Test
    void capacityIsRoundedUpToAPowerOfTwoOrUnbounded() {
        ConcurrentQueue<Long> one = newQueue(1);
        ConcurrentQueue<Long> odd = newQueue(1000);
        if (bounded(odd)) {
            assertEquals(1024, odd.capacity());
            assertTrue(one.capacity() >= 1);
            assertTrue(one.offer(1L));
            assertEquals(one.capacity() == 1, !one.offer(2L));
        } else {
            assertEquals(ConcurrentQueue.UNBOUNDED_CAPACITY, odd.capacity());
        }
    }

    @Test
    void iteratorToArrayAndContainsSeeTheElementsInOrder() {
        ConcurrentQueue<Long> queue = newQueue(16);
        for (long i = 10; i < 15; i++) {
            queue.offer(i);
        }
        queue.poll();
        List<Long> seen = new ArrayList<>();
        for (Long e : queue) {
            seen.add(e);
        }
        assertEquals(List.of(11L, 12L, 13L, 14L), seen);
        assertArrayEquals(new Object[] {11L, 12L, 13L, 14L}, queue.toArray());

        Long[] small = queue.toArray(new Long[0]);
        assertArrayEquals(new Long[] {11L, 12L, 13L, 14L}, small);
        Long[] large = new Long[] {0L, 0L, 0L, 0L, 99L, 99L};
        assertSame(large, queue.toArray(large));
        assertArrayEquals(new Long[] {11L, 12L, 13L, 14L, null, 99L}, large, "null after the last element");

        assertTrue(queue.contains(13L));
        assertFalse(queue.contains(10L));
        assertFalse(queue.contains(null));
        assertTrue(queue.containsAll(List.of(11L, 14L)));
        assertEquals("[11, 12, 13, 14]", queue.toString());
        assertEquals(4, queue.size(), "looking changes nothing");
    }

    @Test
    void removeOfAnElementIsSupportedOrRefusedWithoutChange() {
        ConcurrentQueue<Long> queue = newQueue(16);
        for (long i = 0; i < 5; i++) {
            queue.offer(i);
        }
        boolean removed;
        try {
            removed = queue.remove(2L);
        } catch (UnsupportedOperationException refused) {
            assertEquals(List.of(0L, 1L, 2L, 3L, 4L), new ArrayList<>(queue));
            return;
        }
        assertTrue(removed);
        assertFalse(queue.remove(2L));
        assertFalse(queue.remove(99L));
        assertEquals(4, queue.size());
        assertEquals(List.of(0L, 1L, 3L, 4L), new ArrayList<>(queue));
        assertEquals(0L, queue.poll());
        assertEquals(1L, queue.poll());
        assertEquals(3L, queue.poll());
        assertEquals(4L, queue.poll());
        assertNull(queue.poll());
    }

    @Test
    void clearEmptiesAndTheQueueStaysUsable() {
        ConcurrentQueue<Long> queue = newQueue(16);
        for (long i = 0; i < 10; i++) {
            queue.offer(i);
        }
        queue.clear();
        assertTrue(queue.isEmpty());
        assertNull(queue.poll());
        assertTrue(queue.offer(7L));
        assertEquals(7L, queue.poll());
    }

    // ---- batches ----

    @Test
    void drainHandsOverUpToTheLimitInOrder() {
        ConcurrentQueue<Long> queue = newQueue(16);
        for (long i = 0; i < 10; i++) {
            queue.offer(i);
        }
        List<Long> out = new ArrayList<>();
        assertEquals(0, queue.drain(out::add, 0));
        assertEquals(4, queue.drain(out::add, 4));
        assertEquals(List.of(0L, 1L, 2L, 3L), out);
        assertEquals(6, queue.drain(out::add, 100));
        assertEquals(10, out.size());
        assertEquals(9L, out.get(9));
        assertEquals(0, queue.drain(out::add, 100), "an empty queue drains nothing");
        assertThrows(IllegalArgumentException.class, () -> queue.drain(out::add, -1));
        assertThrows(NullPointerException.class, () -> queue.drain(null, 1));
    }

    @Test
    void fillTakesUpToTheLimitAndCallsTheSupplierOnlyForRoom() {
        ConcurrentQueue<Long> queue = newQueue(16);
        AtomicLong next = new AtomicLong();
        assertEquals(0, queue.fill(next::getAndIncrement, 0));
        assertEquals(5, queue.fill(next::getAndIncrement, 5));
        assertEquals(5, next.get());
        if (bounded(queue)) {
            int room = queue.capacity() - 5;
            assertEquals(room, queue.fill(next::getAndIncrement, room + 10), "fill stops at capacity");
            assertEquals(queue.capacity(), next.get(), "no element was supplied without room for it");
            assertEquals(0, queue.fill(next::getAndIncrement, 1));
            assertEquals(queue.capacity(), next.get());
        }
        long supplied = next.get();
        for (long i = 0; i < supplied; i++) {
            assertEquals(i, queue.poll());
        }
        assertNull(queue.poll());
        assertThrows(IllegalArgumentException.class, () -> queue.fill(next::getAndIncrement, -1));
        assertThrows(NullPointerException.class, () -> queue.fill(null, 1));
    }

    @Test
    void aSupplierOfNullStopsFillAndKeepsWhatCameBefore() {
        ConcurrentQueue<Long> queue = newQueue(16);
        AtomicInteger calls = new AtomicInteger();
        assertThrows(NullPointerException.class, () -> queue.fill(() -> calls.incrementAndGet() > 3 ? null : 1L * calls.get(), 10));
        assertEquals(1L, queue.poll());
        assertEquals(2L, queue.poll());
        assertEquals(3L, queue.poll());
        assertNull(queue.poll());
        assertTrue(queue.isEmpty());
        assertTrue(queue.offer(4L), "the queue works on after a bad supplier");
        assertEquals(4L, queue.poll());
    }

    // ---- several threads ----

    @Test
    void producersAndConsumersLoseNothingDuplicateNothingAndKeepEachProducersOrder() throws Exception {
        int producers = shape().producers() == QueueSpec.Access.MULTI ? 3 : 1;
        int consumers = shape().consumers() == QueueSpec.Access.MULTI ? 2 : 1;
        Exchange.run(newQueue(1024), producers, consumers, PER_PRODUCER, false);
    }

    @Test
    void batchFillAndDrainLoseNothingAndKeepOrder() throws Exception {
        int producers = shape().producers() == QueueSpec.Access.MULTI ? 2 : 1;
        int consumers = shape().consumers() == QueueSpec.Access.MULTI ? 2 : 1;
        Exchange.run(newQueue(256), producers, consumers, PER_PRODUCER, true);
    }

    @Test
    void iteratingWhileOthersOfferAndPollNeverFails() throws Exception {
        ConcurrentQueue<Long> queue = newQueue(64);
        Exchange.runWhile(queue, () -> {
            for (int round = 0; round < 2_000; round++) {
                Iterator<Long> it = queue.iterator();
                long last = -1;
                while (it.hasNext()) {
                    Long e = it.next();
                    assertNotNull(e, "an iterator never yields null");
                    assertTrue(e > last, "the iterator walks forward: " + e + " after " + last);
                    last = e;
                }
                int size = queue.size();
                assertTrue(size >= 0 && (!bounded(queue) || size <= queue.capacity()), "size " + size);
                queue.toArray();
            }
        });
    }
}
