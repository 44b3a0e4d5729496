package io.freelock.queue.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

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

    // ---- identity, serialization and toArray, as the JDK's collection tests check them ----

    /**
     * A queue is a live channel between threads, not a value: like ConcurrentLinkedQueue and ArrayBlockingQueue it
     * keeps Object's identity equals and hashCode, so two queues holding the same elements are not equal, and a
     * queue's hash does not change as elements move through it (it can sit in a HashSet while in use).
     */
    @Test
    void equalsAndHashCodeAreIdentity() {
        ConcurrentQueue<Long> queue = newQueue(16);
        ConcurrentQueue<Long> twin = newQueue(16);
        int hash = queue.hashCode();
        assertEquals(System.identityHashCode(queue), hash);
        for (long i = 0; i < 3; i++) {
            queue.offer(i);
            twin.offer(i);
        }
        assertEquals(queue, queue);
        assertNotEquals(queue, twin, "the same elements do not make two queues equal");
        assertNotEquals(twin, queue);
        assertNotEquals(queue, new ArrayList<>(queue), "nor a queue equal to a list of its elements");
        assertNotEquals(queue, new ArrayDeque<>(queue));
        assertFalse(queue.equals(null));
        assertEquals(hash, queue.hashCode(), "the hash does not follow the elements");
        queue.poll();
        assertEquals(hash, queue.hashCode());
    }

    /**
     * The queues are not Serializable (ConcurrentQueue documents it): their state is indices, sequence numbers and
     * padding that mean something only to the threads using them. Java serialization refuses them with
     * NotSerializableException rather than write something that cannot be read back as a working queue.
     */
    @Test
    void serializationIsRefused() throws IOException {
        ConcurrentQueue<Long> queue = newQueue(16);
        queue.offer(1L);
        assertFalse(queue instanceof Serializable, queue.getClass().getName() + " claims to be Serializable");
        try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
            NotSerializableException refused =
                    assertThrows(NotSerializableException.class, () -> out.writeObject(queue));
            assertEquals(queue.getClass().getName(), refused.getMessage(), "the exception names the class");
        }
        assertEquals(1L, queue.poll(), "the refused attempt changed nothing");
    }

    @Test
    void toArrayEdgeCases() {
        ConcurrentQueue<Long> queue = newQueue(16);
        Object[] none = queue.toArray();
        assertEquals(0, none.length);
        assertEquals(Object[].class, none.getClass(), "toArray() gives an Object[], whatever the elements");
        Long[] empty = new Long[0];
        assertSame(empty, queue.toArray(empty), "an empty queue fits a zero-length array, which is returned");
        Long[] marked = {7L, 8L};
        assertSame(marked, queue.toArray(marked));
        assertNull(marked[0], "the slot after the last element (here the first) is set to null");
        assertEquals(8L, marked[1], "and nothing after it is touched");
        assertThrows(NullPointerException.class, () -> queue.toArray((Long[]) null));

        for (long i = 1; i <= 3; i++) {
            queue.offer(i);
        }
        Long[] exact = new Long[3];
        assertSame(exact, queue.toArray(exact), "an array of the exact size is filled and returned");
        assertArrayEquals(new Long[] {1L, 2L, 3L}, exact);
        Long[] tooSmall = new Long[1];
        Long[] grown = queue.toArray(tooSmall);
        assertNotSame(tooSmall, grown);
        assertEquals(Long[].class, grown.getClass(), "a new array has the runtime type of the one given");
        assertArrayEquals(new Long[] {1L, 2L, 3L}, grown);
        assertNull(tooSmall[0], "an array too small is left alone");
        assertArrayEquals(new Long[] {1L, 2L, 3L}, queue.toArray(Long[]::new), "the generator form");
        assertThrows(ArrayStoreException.class, () -> queue.toArray(new String[0]));

        Object[] copy = queue.toArray();
        copy[0] = 99L;
        assertEquals(1L, queue.peek(), "the array is a copy: writing to it changes nothing in the queue");
        assertEquals(3, queue.size());
    }

    // ---- the iterator while others offer and poll ----

    /**
     * Weak consistency, checked the way it is specified: a queue starts with elements 0..31, then one consumer
     * polls exactly 0..15 while one producer offers 32..63 and the test thread iterates (and asks contains). The
     * elements 16..31 are in the queue for the whole iteration, so every iteration must yield each of them;
     * nothing may be yielded twice or out of order, nothing null, nothing that was never offered, and no
     * ConcurrentModificationException. One producer and one consumer suit every queue shape. Many short rounds,
     * each on a fresh queue, give the three threads many different interleavings.
     */
    @Test
    void anIteratorSeesEveryElementPresentThroughoutWhileOthersOfferAndPoll() throws Exception {
        for (int round = 0; round < 300; round++) {
            ConcurrentQueue<Long> queue = newQueue(64);
            for (long i = 0; i < 32; i++) {
                assertTrue(queue.offer(i));
            }
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread consumer = new Thread(() -> {
                try {
                    for (long expected = 0; expected < 16; expected++) {
                        assertEquals(expected, queue.poll(), "the consumer polls the head");
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }, "consumer");
            Thread producer = new Thread(() -> {
                try {
                    for (long i = 32; i < 64; i++) {
                        assertTrue(queue.offer(i), "room for " + i);
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }, "producer");
            consumer.start();
            producer.start();
            List<Long> seen = new ArrayList<>();
            try {
                for (Long e : queue) {
                    seen.add(e);
                }
                assertTrue(queue.contains(31L), "contains finds an element present throughout");
            } catch (ConcurrentModificationException cme) {
                throw new AssertionError("round " + round + ": a weakly consistent iterator threw", cme);
            } finally {
                consumer.join(TimeUnit.SECONDS.toMillis(Exchange.DEADLINE_SECONDS));
                producer.join(TimeUnit.SECONDS.toMillis(Exchange.DEADLINE_SECONDS));
            }
            assertFalse(consumer.isAlive() || producer.isAlive(), "round " + round + ": the workers finished");
            if (failure.get() != null) {
                throw new AssertionError("round " + round + ": a worker failed", failure.get());
            }
            long last = -1;
            for (Long e : seen) {
                assertNotNull(e, "round " + round + ": an iterator never yields null");
                assertTrue(e > last && e < 64, "round " + round + ": " + e + " after " + last + " in " + seen);
                last = e;
            }
            for (long present = 16; present < 32; present++) {
                assertTrue(seen.contains(present), "round " + round + ": " + present
                        + " was queued throughout but not seen: " + seen);
            }
            List<Long> rest = new ArrayList<>();
            queue.drain(rest::add, Integer.MAX_VALUE);
            List<Long> expected = new ArrayList<>();
            for (long i = 16; i < 64; i++) {
                expected.add(i);
            }
            assertEquals(expected, rest, "round " + round + ": iterating took nothing out");
        }
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

    /**
     * The relaxed batch calls differ from fill and drain only while another thread is midway through a slot; with
     * nobody midway they add and take exactly what fill and drain would, and check their arguments the same way.
     */
    @Test
    void relaxedBatchesWithNobodyMidwayAddAndTakeAsFillAndDrainDo() {
        ConcurrentQueue<Long> queue = newQueue(16);
        List<Long> out = new ArrayList<>();
        assertEquals(0, queue.relaxedDrain(out::add, 10), "an empty queue drains nothing");
        AtomicLong next = new AtomicLong();
        assertEquals(0, queue.relaxedFill(next::getAndIncrement, 0));
        assertEquals(5, queue.relaxedFill(next::getAndIncrement, 5));
        if (bounded(queue)) {
            int room = queue.capacity() - 5;
            assertEquals(room, queue.relaxedFill(next::getAndIncrement, room + 10), "stops at capacity");
            assertEquals(queue.capacity(), next.get(), "no element was supplied without room for it");
            assertEquals(0, queue.relaxedFill(next::getAndIncrement, 1), "full");
        }
        long supplied = next.get();
        assertEquals(0, queue.relaxedDrain(out::add, 0));
        assertEquals(4, queue.relaxedDrain(out::add, 4));
        assertEquals(List.of(0L, 1L, 2L, 3L), out);
        assertEquals(supplied - 4, queue.relaxedDrain(out::add, 100));
        for (long i = 0; i < supplied; i++) {
            assertEquals(i, out.get((int) i));
        }
        assertTrue(queue.isEmpty());
        AtomicInteger calls = new AtomicInteger();
        assertThrows(NullPointerException.class,
                () -> queue.relaxedFill(() -> calls.incrementAndGet() > 3 ? null : 100L + calls.get(), 10));
        out.clear();
        assertEquals(3, queue.relaxedDrain(out::add, 10), "the elements supplied before the null stay queued");
        assertEquals(List.of(101L, 102L, 103L), out);
        assertThrows(IllegalArgumentException.class, () -> queue.relaxedFill(next::getAndIncrement, -1));
        assertThrows(NullPointerException.class, () -> queue.relaxedFill(null, 1));
        assertThrows(IllegalArgumentException.class, () -> queue.relaxedDrain(out::add, -1));
        assertThrows(NullPointerException.class, () -> queue.relaxedDrain(null, 1));
        assertTrue(queue.isEmpty(), "the refused calls changed nothing");
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

    /** As above, with relaxedFill and relaxedDrain, whose short counts the threads retry. */
    @Test
    void relaxedBatchesRetriedLoseNothingAndKeepOrder() throws Exception {
        int producers = shape().producers() == QueueSpec.Access.MULTI ? 2 : 1;
        int consumers = shape().consumers() == QueueSpec.Access.MULTI ? 2 : 1;
        Exchange.runRelaxed(newQueue(256), producers, consumers, PER_PRODUCER, true);
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
