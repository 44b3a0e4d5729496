package io.freelock.queue.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import io.freelock.queue.ConcurrentQueue;

/**
 * Removal from anywhere in a {@link ConcurrentQueue}, as {@link java.util.Collection} and {@link java.util.Queue}
 * specify it and {@link java.util.concurrent.ConcurrentLinkedQueue} does it: {@code remove(Object)},
 * {@code removeIf}, {@code removeAll}, {@code retainAll} and {@link Iterator#remove}, alone and racing
 * {@code poll}. A driver's test class implements this beside {@link QueueContract}.
 *
 * <p>What every clause rests on: a removed element is never polled, peeked or drained afterwards, every other
 * element comes out exactly once and in queue order, and a removal that answers {@code true} took an element that
 * no consumer took. {@code remove(null)} answers {@code false} and changes nothing, as ConcurrentLinkedQueue's does;
 * a null filter or collection is a {@link NullPointerException} that changes nothing.
 *
 * <p><b>Single-consumer queues.</b> Where only one thread may consume, removal is a consumer's operation: it frees
 * a place only the consumer may free. {@link #singleConsumer()} says so, and then the racing clauses run removal
 * on the one consumer thread, interleaved with its polls, while a producer offers; the clause with two racing
 * removers does not apply (it is reported as skipped, by an assumption, not passed).
 *
 * <p><b>Room.</b> A bounded queue may keep a removed element's place until its consumers pass it (a ring that
 * marks the slot instead of moving elements): this contract asks only that all of the capacity is usable again
 * once the queue has been emptied.
 */
public interface RemovalContract {

    /** Elements moved by each round of a racing clause: enough to lap a 64-slot ring hundreds of times. */
    int RACING_ELEMENTS = 20_000;

    /**
     * @param capacity the capacity to ask for, where the queue is bounded
     * @return a new, empty queue of the driver under test
     */
    <E> ConcurrentQueue<E> newRemovalQueue(int capacity);

    /**
     * @return whether at most one thread may consume from the queue (an SPSC or MPSC shape): then removal is
     *         tested as a consumer's operation, on the consumer thread only
     */
    boolean singleConsumer();

    // ---- remove(Object) ----

    @Test
    default void removeTakesTheFirstEqualElementAndLeavesTheRestInOrder() {
        ConcurrentQueue<Long> queue = filled(16, 1000, 1001, 1002, 1003, 1002, 1004);
        assertTrue(queue.remove(Long.valueOf(1002)), "an equal element, not the same instance, is found");
        assertEquals(List.of(1000L, 1001L, 1003L, 1002L, 1004L), new ArrayList<>(queue),
                "only the first of two equal elements went");
        assertEquals(5, queue.size());
        assertTrue(queue.remove(1002L), "the second one is found next");
        assertFalse(queue.remove(1002L), "and then none is left");
        assertFalse(queue.contains(1002L));
        assertPollsExactly(queue, 1000, 1001, 1003, 1004);
    }

    @Test
    default void removeOfTheHeadTheTailAndTheOnlyElement() {
        ConcurrentQueue<Long> queue = filled(16, 1, 2, 3, 4);
        assertTrue(queue.remove(1L), "the head");
        assertEquals(2L, queue.peek(), "peek shows the new head");
        assertTrue(queue.remove(4L), "the tail");
        assertEquals(List.of(2L, 3L), new ArrayList<>(queue));
        assertTrue(queue.offer(5L), "the tail's place takes a new element");
        assertPollsExactly(queue, 2, 3, 5);

        assertTrue(queue.offer(9L));
        assertTrue(queue.remove(9L), "the only element");
        assertTrue(queue.isEmpty());
        assertEquals(0, queue.size());
        assertNull(queue.peek());
        assertNull(queue.poll());
        assertThrows(NoSuchElementException.class, queue::element);
        assertTrue(queue.offer(10L), "the queue works on");
        assertPollsExactly(queue, 10);
    }

    @Test
    default void removeOfAnAbsentElementOrNullAnswersFalseAndChangesNothing() {
        ConcurrentQueue<Long> queue = filled(16, 1, 2, 3);
        assertFalse(queue.remove(99L));
        assertFalse(queue.remove(null), "null is never an element: false, as ConcurrentLinkedQueue answers");
        assertFalse(queue.remove("2"), "an object of another type equals no element");
        assertEquals(3, queue.size());
        assertPollsExactly(queue, 1, 2, 3);
        assertFalse(queue.remove(1L), "a polled element is absent");
        ConcurrentQueue<Long> empty = newRemovalQueue(16);
        assertFalse(empty.remove(1L));
        assertTrue(empty.isEmpty());
    }

    /** A polled element is gone: removing it answers false, whatever is in its old place now. */
    @Test
    default void removalNeverReachesPastTheHeadIntoPolledOrDrainedElements() {
        ConcurrentQueue<Long> queue = filled(8, 1, 2, 3, 4, 5, 6);
        assertEquals(1L, queue.poll());
        List<Long> drained = new ArrayList<>();
        assertEquals(2, queue.drain(drained::add, 2));
        assertFalse(queue.remove(1L));
        assertFalse(queue.remove(2L));
        assertFalse(queue.remove(3L));
        assertTrue(queue.remove(5L));
        assertPollsExactly(queue, 4, 6);
    }

    // ---- the bulk removals ----

    @Test
    default void removeIfTakesEveryMatchAndSaysWhetherItTookAny() {
        ConcurrentQueue<Long> queue = filled(32, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertFalse(queue.removeIf(e -> e > 100), "no match: false");
        assertEquals(10, queue.size());
        assertTrue(queue.removeIf(e -> e % 3 == 0));
        assertEquals(List.of(1L, 2L, 4L, 5L, 7L, 8L), new ArrayList<>(queue));
        assertEquals(6, queue.size());
        assertTrue(queue.removeIf(e -> true), "everything");
        assertTrue(queue.isEmpty());
        assertNull(queue.poll());
        assertFalse(queue.removeIf(e -> true), "an empty queue has no match");
    }

    @Test
    default void aNullFilterOrCollectionIsANullPointerExceptionThatChangesNothing() {
        ConcurrentQueue<Long> queue = filled(16, 1, 2, 3);
        assertThrows(NullPointerException.class, () -> queue.removeIf(null), "Collection.removeIf: null filter");
        assertThrows(NullPointerException.class, () -> queue.removeAll(null), "Collection.removeAll: null");
        assertThrows(NullPointerException.class, () -> queue.retainAll(null), "Collection.retainAll: null");
        ConcurrentQueue<Long> empty = newRemovalQueue(16);
        assertThrows(NullPointerException.class, () -> empty.removeIf(null), "even on an empty queue");
        assertThrows(NullPointerException.class, () -> empty.removeAll(null));
        assertThrows(NullPointerException.class, () -> empty.retainAll(null));
        assertPollsExactly(queue, 1, 2, 3);
    }

    @Test
    default void aFilterThatThrowsLeavesEveryElementItDidNotRemove() {
        ConcurrentQueue<Long> queue = filled(16, 1, 2, 3, 4, 5);
        IllegalStateException thrown = new IllegalStateException("the filter's own failure");
        assertEquals(thrown, assertThrows(IllegalStateException.class, () -> queue.removeIf(e -> {
            if (e == 4L) {
                throw thrown;
            }
            return e == 2L;
        })), "the filter's exception propagates unchanged");
        List<Long> left = new ArrayList<>(queue);
        assertTrue(left.containsAll(List.of(1L, 3L, 4L, 5L)), "nothing the filter did not pick is gone: " + left);
        assertEquals(left.size(), queue.size());
        long[] expected = left.stream().mapToLong(Long::longValue).toArray();
        assertPollsExactly(queue, expected);
    }

    @Test
    default void removeAllTakesEveryOccurrenceOfEveryElementNamed() {
        ConcurrentQueue<Long> queue = filled(32, 1, 2, 3, 2, 4, 5, 3, 6);
        assertFalse(queue.removeAll(List.of(7L, 8L)), "nothing named is present: false");
        assertFalse(queue.removeAll(List.of()), "nothing named: false");
        assertTrue(queue.removeAll(Set.of(2L, 3L, 7L)));
        assertEquals(List.of(1L, 4L, 5L, 6L), new ArrayList<>(queue));
        assertPollsExactly(queue, 1, 4, 5, 6);
    }

    @Test
    default void retainAllKeepsOnlyTheElementsNamed() {
        ConcurrentQueue<Long> queue = filled(32, 1, 2, 3, 2, 4, 5, 3, 6);
        assertFalse(queue.retainAll(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L)), "everything is kept: false");
        assertTrue(queue.retainAll(Set.of(2L, 5L, 9L)));
        assertEquals(List.of(2L, 2L, 5L), new ArrayList<>(queue));
        assertTrue(queue.retainAll(List.of()), "an empty collection keeps nothing");
        assertTrue(queue.isEmpty());
        assertFalse(queue.retainAll(List.of()), "an empty queue does not change");
    }

    // ---- Iterator.remove ----

    @Test
    default void iteratorRemoveTakesTheElementLastReturnedOnlyOnce() {
        ConcurrentQueue<Long> queue = filled(16, 1, 2, 3, 4, 5);
        Iterator<Long> it = queue.iterator();
        assertThrows(IllegalStateException.class, it::remove, "before next()");
        assertEquals(1L, it.next());
        assertEquals(2L, it.next());
        it.remove();
        assertThrows(IllegalStateException.class, it::remove, "twice for one next()");
        assertEquals(3L, it.next(), "the iteration goes on after a remove");
        assertEquals(4L, it.next());
        it.remove();
        assertEquals(5L, it.next());
        it.remove();
        assertFalse(it.hasNext());
        assertThrows(IllegalStateException.class, it::remove, "after the last remove");
        assertEquals(List.of(1L, 3L), new ArrayList<>(queue));
        assertEquals(2, queue.size());
        assertPollsExactly(queue, 1, 3);
    }

    @Test
    default void iteratorRemoveOfTheHeadAndOfEveryElement() {
        ConcurrentQueue<Long> queue = filled(16, 1, 2, 3);
        Iterator<Long> it = queue.iterator();
        assertEquals(1L, it.next());
        it.remove();
        assertEquals(2L, queue.peek(), "the head went");
        while (it.hasNext()) {
            it.next();
            it.remove();
        }
        assertTrue(queue.isEmpty());
        assertEquals(0, queue.toArray().length);
        assertNull(queue.poll());
    }

    /**
     * An iterator that returned an element which has since been polled (and its place perhaps taken by a newer
     * element) removes nothing: Iterator.remove takes the element it returned, never another.
     */
    @Test
    default void iteratorRemoveOfAnElementPolledMeanwhileRemovesNothingElse() {
        ConcurrentQueue<Long> queue = newRemovalQueue(4);
        for (long i = 1; i <= 4; i++) {
            assertTrue(queue.offer(i));
        }
        Iterator<Long> it = queue.iterator();
        assertEquals(1L, it.next());
        assertEquals(1L, queue.poll());
        assertTrue(queue.offer(5L), "5 may land in 1's old place");
        it.remove();
        assertFalse(queue.remove(1L));
        assertPollsExactly(queue, 2, 3, 4, 5);
    }

    // ---- size, isEmpty, the iterator and toArray with removed places ----

    @Test
    default void sizeIteratorAndToArraySkipRemovedElementsAcrossLaps() {
        ConcurrentQueue<Long> queue = newRemovalQueue(8);
        long next = 0;
        long expectedHead = 0;
        for (int lap = 0; lap < 2_000; lap++) {
            List<Long> model = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                assertTrue(queue.offer(next), "lap " + lap + ": room for " + next);
                model.add(next++);
            }
            Long gone = model.remove(1 + lap % 4); // a different place of the ring every lap
            assertTrue(queue.remove(gone), "lap " + lap);
            assertEquals(5, queue.size(), "lap " + lap + ": a removed element is not counted");
            assertFalse(queue.isEmpty());
            assertEquals(model, new ArrayList<>(queue), "lap " + lap + ": the iterator skips it");
            assertArrayEquals(model.toArray(), queue.toArray(), "lap " + lap + ": toArray too");
            assertArrayEquals(model.toArray(new Long[0]), queue.toArray(new Long[0]), "lap " + lap);
            assertEquals(model.toString(), queue.toString());
            assertFalse(queue.contains(gone));
            for (Long expected : model) {
                assertEquals(expected, queue.poll(), "lap " + lap);
            }
            assertNull(queue.poll(), "lap " + lap + ": the removed element is never polled");
            assertTrue(queue.isEmpty());
            expectedHead = next;
        }
        assertEquals(expectedHead, next);
    }

    @Test
    default void drainSkipsRemovedElementsAndStillHandsOverUpToItsLimit() {
        ConcurrentQueue<Long> queue = filled(16, 1, 2, 3, 4, 5, 6, 7, 8);
        assertTrue(queue.removeIf(e -> e % 2 == 1));
        List<Long> out = new ArrayList<>();
        assertEquals(3, queue.drain(out::add, 3), "the limit counts elements handed over, not places passed");
        assertEquals(List.of(2L, 4L, 6L), out);
        assertEquals(1, queue.drain(out::add, 10));
        assertEquals(List.of(2L, 4L, 6L, 8L), out);
        assertTrue(queue.isEmpty());
    }

    @Test
    default void aFullBoundedQueueIsWhollyUsableAgainOnceEmptiedAfterRemovals() {
        ConcurrentQueue<Long> queue = newRemovalQueue(8);
        if (queue.capacity() == ConcurrentQueue.UNBOUNDED_CAPACITY) {
            assertTrue(queue.offer(1L));
            assertTrue(queue.remove(1L));
            assertTrue(queue.isEmpty());
            return;
        }
        int capacity = queue.capacity();
        for (long i = 0; i < capacity; i++) {
            assertTrue(queue.offer(i));
        }
        assertTrue(queue.remove((long) capacity / 2));
        assertTrue(queue.remove((long) capacity - 1));
        assertEquals(capacity - 2, queue.size());
        while (queue.poll() != null) {
            // empty it
        }
        assertTrue(queue.isEmpty());
        for (long i = 0; i < capacity; i++) {
            assertTrue(queue.offer(i), "the whole capacity again: " + i + " of " + capacity);
        }
        assertFalse(queue.offer(-1L), "and no more");
        assertEquals(capacity, queue.size());
    }

    /**
     * Many random offers, polls, peeks, drains and removals of every kind, from one thread, checked step by step
     * against an {@link ArrayDeque}: what each call answers and what the queue then holds.
     */
    @Test
    default void randomSequencesAgreeWithASequentialModel() {
        Random random = new Random(14);
        for (int round = 0; round < 200; round++) {
            ConcurrentQueue<Long> queue = newRemovalQueue(8);
            boolean bounded = queue.capacity() != ConcurrentQueue.UNBOUNDED_CAPACITY;
            ArrayDeque<Long> model = new ArrayDeque<>();
            long next = 0;
            for (int step = 0; step < 300; step++) {
                String where = "round " + round + " step " + step + " with " + model + ": ";
                long target = next - 1 - random.nextInt(10);
                switch (random.nextInt(9)) {
                    case 0, 1, 2 -> {
                        boolean taken = queue.offer(next);
                        if (bounded && model.size() >= queue.capacity()) {
                            assertFalse(taken, where + "a full queue refuses");
                        }
                        if (taken) {
                            model.add(next);
                        }
                        next++;
                    }
                    case 3 -> assertEquals(model.poll(), queue.poll(), where + "poll");
                    case 4 -> assertEquals(model.peek(), queue.peek(), where + "peek");
                    case 5 -> assertEquals(model.remove(target), queue.remove(target), where + "remove " + target);
                    case 6 -> {
                        long divisor = 2 + random.nextInt(4);
                        Predicate<Long> filter = e -> e % divisor == 0 && e > target;
                        assertEquals(model.removeIf(filter), queue.removeIf(filter), where + "removeIf");
                    }
                    case 7 -> {
                        Iterator<Long> it = queue.iterator();
                        Iterator<Long> modelIt = model.iterator();
                        while (it.hasNext()) {
                            assertTrue(modelIt.hasNext(), where + "the iterator yields more than the model holds");
                            Long e = it.next();
                            assertEquals(modelIt.next(), e, where + "iterator");
                            if (e % 3 == 0) {
                                it.remove();
                                modelIt.remove();
                            }
                        }
                        assertFalse(modelIt.hasNext(), where + "the iterator stopped early");
                    }
                    default -> {
                        List<Long> out = new ArrayList<>();
                        int limit = random.nextInt(4);
                        int drained = queue.drain(out::add, limit);
                        for (int i = 0; i < drained; i++) {
                            assertEquals(model.poll(), out.get(i), where + "drain");
                        }
                        assertEquals(Math.min(limit, drained + model.size()), drained, where + "drain's count");
                    }
                }
                assertEquals(model.size(), queue.size(), where + "size");
                assertEquals(model.isEmpty(), queue.isEmpty(), where + "isEmpty");
                assertArrayEquals(model.toArray(), queue.toArray(), where + "toArray");
            }
        }
    }

    // ---- removal racing poll and offer ----

    /**
     * A producer offers 0..n-1 while consumers take them. With several consumers allowed, one thread polls and
     * another removes: the head it peeked (racing the poller for the same element), an element a little further
     * on, and now and then every element matching a filter. On a single-consumer queue one consumer thread does
     * all of that, between its own polls, racing only the producer (whose next offer may land in the place the
     * removal just left). Either way every element is taken exactly once, by a poll or by a removal that answered
     * true, except that an element of the filter's class may also be taken by the filter, and the polls see what
     * they get in offer order.
     */
    @Test
    default void removalRacingPollAndOfferTakesEveryElementExactlyOnce() throws Exception {
        for (int round = 0; round < 2; round++) {
            ConcurrentQueue<Long> queue = newRemovalQueue(64);
            int n = RACING_ELEMENTS;
            BitSet removed = new BitSet(n);
            List<Long> polled = new ArrayList<>();
            AtomicBoolean offered = new AtomicBoolean();
            Predicate<Long> filterClass = e -> e % 97 == 13;
            Races races = new Races();
            races.start("producer", () -> {
                for (long i = 0; i < n; ) {
                    if (queue.offer(i)) {
                        i++;
                    } else {
                        races.checkDeadline("the producer waiting for room");
                        Thread.onSpinWait();
                    }
                }
                offered.set(true);
            });
            // Every consumer-side thread stops once the producer is done and it then finds the queue empty: nothing
            // can arrive after that.
            if (singleConsumer()) {
                races.start("consumer", () -> {
                    Random random = new Random(seed());
                    while (!(offered.get() && queue.isEmpty())) {
                        races.checkDeadline("the consumer");
                        Long head = queue.peek();
                        int choice = random.nextInt(16);
                        if (head == null) {
                            Thread.onSpinWait();
                        } else if (choice < 6) {
                            polled.add(queue.poll());
                        } else if (choice == 15) {
                            queue.removeIf(filterClass);
                        } else {
                            // the head, or one of the next few, perhaps not offered yet or being offered now
                            long target = head + (choice < 9 ? 0 : random.nextInt(4));
                            if (!filterClass.test(target) && queue.remove(target)) {
                                removed.set((int) target);
                            }
                        }
                    }
                });
            } else {
                races.start("poller", () -> {
                    while (!(offered.get() && queue.isEmpty())) {
                        races.checkDeadline("the poller");
                        Long e = queue.poll();
                        if (e == null) {
                            Thread.onSpinWait();
                        } else {
                            polled.add(e);
                        }
                    }
                });
                races.start("remover", () -> {
                    Random random = new Random(seed());
                    for (long tries = 0; !(offered.get() && queue.isEmpty()); tries++) {
                        races.checkDeadline("the remover");
                        Long head = queue.peek();
                        if (head == null) {
                            Thread.onSpinWait();
                            continue;
                        }
                        if (tries % 8192 == 0) { // rarely: on an unbounded queue it walks everything queued
                            queue.removeIf(filterClass);
                        }
                        long target = head + random.nextInt(3); // the poller's next element, or about to be
                        if (!filterClass.test(target) && queue.remove(target)) {
                            removed.set((int) target);
                        }
                    }
                });
            }
            races.join();
            checkTakenOnce(polled, removed, n, filterClass);
            assertTrue(queue.isEmpty(), "round " + round + ": nothing left");
            assertNull(queue.poll());
        }
    }

    /** Seeds for the racing clauses' random choices: different each run; the checks, not the seed, name a failure. */
    private static long seed() {
        return System.nanoTime();
    }

    private static void checkTakenOnce(List<Long> polled, BitSet removed, int n, Predicate<Long> filterClass) {
        BitSet polledSet = new BitSet(n);
        long last = -1;
        for (Long e : polled) {
            assertTrue(e != null && e >= 0 && e < n, "polled something never offered: " + e);
            assertTrue(e > last, "polled " + e + " after " + last + ": out of order or twice");
            last = e;
            polledSet.set((int) (long) e);
            assertFalse(removed.get((int) (long) e), e + " was removed (true) and polled as well");
        }
        for (int e = 0; e < n; e++) {
            if (!filterClass.test((long) e)) {
                assertTrue(polledSet.get(e) || removed.get(e), e + " was neither polled nor removed: lost");
            }
        }
    }

    /**
     * Two threads remove the same elements, one from the head on and one from the tail back, while a third
     * polls: each element is taken exactly once, so of two racing {@code remove(x)} of one element exactly one
     * answers true, and never both of a removal and the poll. Several consumers only: on a single-consumer queue
     * removal belongs to the one consumer thread and cannot race itself.
     */
    @Test
    default void twoRacingRemovesOfOneElementAnswerTrueOnce() throws Exception {
        assumeFalse(singleConsumer(), "removal is the one consumer's operation: two removers would be two consumers");
        for (int round = 0; round < 200; round++) {
            int n = 64;
            ConcurrentQueue<Long> queue = newRemovalQueue(n);
            for (long i = 0; i < n; i++) {
                assertTrue(queue.offer(i));
            }
            BitSet[] took = {new BitSet(n), new BitSet(n)};
            List<Long> polled = new ArrayList<>();
            Races races = new Races();
            races.start("forward", () -> {
                for (long i = 0; i < n; i++) {
                    if (queue.remove(i)) {
                        took[0].set((int) i);
                    }
                }
            });
            races.start("backward", () -> {
                for (long i = n - 1; i >= 0; i--) {
                    if (queue.remove(i)) {
                        took[1].set((int) i);
                    }
                }
            });
            races.start("poller", () -> {
                for (int i = 0; i < 8; i++) {
                    Long e = queue.poll();
                    if (e != null) {
                        polled.add(e);
                    }
                }
            });
            races.join();
            String where = "round " + round + ": ";
            assertFalse(took[0].intersects(took[1]), where + "both removals of " + intersection(took) + " said true");
            BitSet all = new BitSet(n);
            all.or(took[0]);
            all.or(took[1]);
            for (Long e : polled) {
                assertFalse(all.get((int) (long) e), where + e + " polled and removed");
                all.set((int) (long) e);
            }
            assertEquals(n, all.cardinality(), where + "every element taken once: " + all);
            assertTrue(queue.isEmpty(), where + "nothing left");
        }
    }

    private static BitSet intersection(BitSet[] sets) {
        BitSet both = (BitSet) sets[0].clone();
        both.and(sets[1]);
        return both;
    }

    // ---- helpers ----

    private ConcurrentQueue<Long> filled(int capacity, long... elements) {
        ConcurrentQueue<Long> queue = newRemovalQueue(capacity);
        for (long e : elements) {
            assertTrue(queue.offer(e), "room for " + e);
        }
        return queue;
    }

    private static void assertPollsExactly(ConcurrentQueue<Long> queue, long... expected) {
        for (long e : expected) {
            assertEquals(e, queue.poll());
        }
        assertNull(queue.poll(), "nothing after " + java.util.Arrays.toString(expected));
        assertTrue(queue.isEmpty());
    }

    /** Threads of one racing clause: the first failure of any is the clause's, and each has a deadline. */
    final class Races {
        private final List<Thread> threads = new ArrayList<>();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Await.DEADLINE_SECONDS);

        void start(String name, ThrowingRunnable body) {
            Thread thread = new Thread(() -> {
                try {
                    body.run();
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }, name);
            threads.add(thread);
            thread.start();
        }

        void checkDeadline(String what) {
            if (failure.get() != null) {
                throw new AssertionError("another thread failed");
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("gave up after " + Await.DEADLINE_SECONDS + " s: " + what);
            }
        }

        void join() throws InterruptedException {
            for (Thread thread : threads) {
                thread.join(TimeUnit.SECONDS.toMillis(Await.DEADLINE_SECONDS + 5));
                if (thread.isAlive()) {
                    failure.compareAndSet(null, new AssertionError(thread.getName() + " did not finish"));
                }
            }
            threads.clear();
            Throwable first = failure.get();
            if (first instanceof AssertionError error) {
                throw error;
            }
            if (first != null) {
                throw new AssertionError(first);
            }
        }
    }

    /** A racing thread's body. */
    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
