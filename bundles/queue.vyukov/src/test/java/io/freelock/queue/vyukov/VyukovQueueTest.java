package io.freelock.queue.vyukov;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.freelock.queue.ClosableQueue;
import io.freelock.queue.ConcurrentQueue;
import io.freelock.queue.CountingQueue;
import io.freelock.queue.QueueDriver;
import io.freelock.queue.QueueSpec;
import io.freelock.queue.testkit.Await;
import io.freelock.queue.testkit.CloseRace;
import io.freelock.queue.testkit.CountingQueueContract;
import io.freelock.queue.testkit.Exchange;
import io.freelock.queue.testkit.QueueContract;
import io.freelock.queue.testkit.RemovalContract;
import io.freelock.queue.testkit.StalledProducer;

/** The queue contract for {@link VyukovQueue}, and what is particular to a sequence-numbered ring. */
class VyukovQueueTest extends QueueContract implements CountingQueueContract, RemovalContract {

    @Override
    protected QueueDriver driver() {
        return new VyukovDriver();
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
        return false;
    }

    @Override
    protected String spec(int capacity) {
        return "queue:mpmc?capacity=" + capacity;
    }

    // ---- two producers and two consumers on the smallest rings ----

    @ParameterizedTest(name = "capacity {0}, batch {1}")
    @CsvSource({"1, false", "1, true", "2, false", "2, true", "4, false", "4, true"})
    void twoProducersAndTwoConsumersMakeProgressOnATinyRingAndLoseNothing(int capacity, boolean batch)
            throws Exception {
        ConcurrentQueue<Long> queue = newQueue(capacity);
        assertEquals(Math.max(2, capacity), queue.capacity());
        assertEquals(2L * PER_PRODUCER, Exchange.run(queue, 2, 2, PER_PRODUCER, batch));
        assertTrue(queue.isEmpty());
        assertEquals(0, queue.size());
    }

    // ---- capacity ----

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"1, 2", "2, 2", "3, 4", "4, 4", "5, 8", "1000, 1024", "1024, 1024", "1025, 2048",
        "536870912, 536870912", "536870913, 1073741824", "1073741824, 1073741824"})
    void capacityIsRoundedUpToAPowerOfTwoOfAtLeastTwo(int requested, int ring) {
        assertEquals(ring, VyukovQueue.ringCapacity(requested));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"1, 2", "2, 2", "3, 4", "1024, 1024"})
    void aQueueHoldsExactlyItsRoundedCapacity(int requested, int ring) {
        VyukovQueue<Integer> queue = new VyukovQueue<>(requested);
        assertEquals(ring, queue.capacity());
        for (int i = 0; i < ring; i++) {
            assertTrue(queue.offer(i), "offer " + i + " of " + ring);
        }
        assertFalse(queue.offer(ring), "full at " + ring);
        assertEquals(ring, queue.size());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE, QueueSpec.MAX_CAPACITY + 1, Integer.MAX_VALUE})
    void aCapacityOutsideTheRangeIsRefusedAndNamed(int requested) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new VyukovQueue<Long>(requested));
        assertTrue(refused.getMessage().contains(Integer.toString(requested)), refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> VyukovQueue.ringCapacity(requested));
    }

    // ---- arguments ----

    @Test
    void badArgumentsAreRefusedWithAMessage() {
        VyukovQueue<Long> queue = new VyukovQueue<>(4);
        assertEquals("null element",
                assertThrows(NullPointerException.class, () -> queue.offer(null)).getMessage());
        assertEquals("null supplier",
                assertThrows(NullPointerException.class, () -> queue.fill(null, 0)).getMessage());
        assertEquals("null consumer",
                assertThrows(NullPointerException.class, () -> queue.drain(null, 0)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> queue.fill(() -> 1L, -1)).getMessage()
                .contains("-1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> queue.drain(e -> { }, -1)).getMessage()
                .contains("-1"));
        assertTrue(queue.isEmpty(), "refused calls changed nothing");
    }

    // ---- removal in place ----

    @Test
    void aRemovedElementKeepsItsSlotUntilAConsumerPassesIt() {
        VyukovQueue<String> queue = new VyukovQueue<>(2);
        assertTrue(queue.offer("a"));
        assertTrue(queue.offer("b"));
        assertTrue(queue.remove("b"));
        assertEquals(1, queue.size(), "the removed element is not counted");
        assertEquals(List.of("a"), new ArrayList<>(queue));
        assertFalse(queue.offer("c"), "b's slot is still taken: the ring of two is full with one element in it");
        assertEquals("a", queue.poll());
        assertTrue(queue.offer("c"), "c goes to a's slot, which the poll freed");
        assertFalse(queue.offer("d"), "b's slot is still taken: no consumer has passed it yet");
        assertEquals(List.of("c"), new ArrayList<>(queue));
        assertEquals("c", queue.poll(), "poll passes b's slot and takes c");
        assertTrue(queue.offer("d"), "passed: b's slot takes d");
        assertTrue(queue.offer("e"));
        assertEquals(List.of("d", "e"), new ArrayList<>(queue));
    }

    @Test
    void aQueueHoldingOnlyRemovedElementsIsEmptyAndAPollFreesTheirSlots() {
        VyukovQueue<String> queue = new VyukovQueue<>(2);
        assertTrue(queue.offer("x"));
        assertTrue(queue.remove("x"));
        assertTrue(queue.isEmpty());
        assertEquals(0, queue.size());
        assertNull(queue.peek(), "peek passes x's slot");
        assertTrue(queue.offer("y"));
        assertTrue(queue.offer("z"), "x's slot was passed by the peek");
        assertTrue(queue.removeIf(e -> true));
        assertTrue(queue.isEmpty());
        assertFalse(queue.offer("w"), "two removed elements hold both slots");
        assertNull(queue.poll(), "poll passes both and finds nothing");
        assertTrue(queue.offer("w"));
        assertEquals("w", queue.poll());
    }

    @Test
    void peekPassesRemovedElementsAtTheHeadAndFreesTheirSlots() {
        VyukovQueue<String> queue = new VyukovQueue<>(4);
        for (String e : List.of("a", "b", "c", "d")) {
            assertTrue(queue.offer(e));
        }
        assertTrue(queue.removeAll(List.of("a", "b")));
        assertFalse(queue.offer("e"), "full until a consumer passes the removed slots");
        assertEquals("c", queue.peek());
        assertTrue(queue.offer("e"), "peek passed them");
        assertTrue(queue.offer("f"));
        assertEquals(List.of("c", "d", "e", "f"), new ArrayList<>(queue));
    }

    @Test
    void aRemovalCountsAsRemovedWhenAConsumerPassesItsSlot() {
        VyukovQueue<Long> queue = new VyukovQueue<>(8);
        for (long i = 0; i < 4; i++) {
            assertTrue(queue.offer(i));
        }
        assertTrue(queue.remove(1L));
        assertEquals(4, queue.addedCount());
        assertEquals(0, queue.removedCount(), "still in its slot");
        assertEquals(3, queue.size());
        assertEquals(0L, queue.poll());
        assertEquals(2L, queue.poll());
        assertEquals(3, queue.removedCount(), "0 taken, 1's slot passed, 2 taken");
        assertEquals(queue.addedCount() - queue.removedCount(), queue.size(), "once passed, the counts agree again");
    }

    @Test
    void theLastElementsRemovedAfterTheCloseLeaveTheQueueEmptyForGood() {
        VyukovQueue<Long> queue = new VyukovQueue<>(4);
        assertTrue(queue.offer(1L));
        assertTrue(queue.offer(2L));
        queue.closeProducers();
        assertTrue(queue.remove(2L));
        assertFalse(queue.isEmpty());
        assertTrue(queue.remove(1L));
        assertTrue(queue.isEmpty(), "only removed slots are left, and no producer can add");
        assertEquals(0, queue.size());
        assertNull(queue.poll());
        assertFalse(queue.offer(3L), "still closed");
        assertTrue(queue.producersClosed());
    }

    // ---- relaxed calls ----

    @Test
    void relaxedCallsAddAndTakeAsOfferAndPollDoWhenNothingIsMidway() {
        VyukovQueue<String> queue = new VyukovQueue<>(2);
        assertNull(queue.relaxedPoll(), "empty");
        assertTrue(queue.relaxedOffer("a"));
        assertTrue(queue.relaxedOffer("b"));
        assertFalse(queue.relaxedOffer("c"), "full");
        assertEquals("null element", assertThrows(NullPointerException.class, () -> queue.relaxedOffer(null))
                .getMessage());
        assertEquals("a", queue.relaxedPoll());
        assertTrue(queue.remove("b"));
        assertNull(queue.relaxedPoll(), "passes the removed element and finds nothing");
        assertThrows(NullPointerException.class, () -> queue.fill(supply("c", null), 2));
        assertEquals("c", queue.relaxedPoll());
        assertNull(queue.relaxedPoll(), "passes the hole");
        assertTrue(queue.isEmpty());
        queue.closeProducers();
        assertFalse(queue.relaxedOffer("d"), "closed");
        assertEquals(queue.addedCount(), queue.removedCount());
    }

    /**
     * The difference from poll and drain: a relaxed poll or drain does not wait for a producer between its claim and
     * its publish, it answers null or 0 at once, even with an element published behind that position (drain would
     * wait: see the test of drainRange's wait below). The stalled producer publishes only when the test lets it, so
     * a relaxed call that waited would hang until the deadline and fail.
     */
    @Test
    void aRelaxedPollOrDrainAnswersAtOnceWhereAPollOrDrainWouldWaitForAProducer() throws Exception {
        VyukovQueue<String> queue = new VyukovQueue<>(4);
        StalledProducer<String> slow = StalledProducer.start(queue, "slow", () -> false);
        List<String> drained = new ArrayList<>();
        try {
            slow.awaitClaimed();
            assertTrue(queue.relaxedOffer("fast"));
            assertNull(queue.relaxedPoll(), "the head is claimed, not published: no waiting");
            assertEquals(0, queue.relaxedDrain(drained::add, 4), "nor here");
            assertEquals(List.of(), drained);
            assertFalse(queue.isEmpty());
        } finally {
            slow.release();
        }
        assertEquals(1, slow.finish());
        assertEquals("slow", queue.relaxedPoll());
        assertEquals(1, queue.relaxedDrain(drained::add, 4));
        assertEquals(List.of("fast"), drained);
        assertNull(queue.relaxedPoll());
        assertEquals(0, queue.relaxedDrain(drained::add, 4));
    }

    /**
     * Two producers retrying refused relaxed offers and a consumer retrying empty relaxed polls, on a tiny ring so
     * that the slots are often midway: every element comes out once, each producer's in order.
     */
    @Test
    void relaxedCallsRetriedLoseNothingAndKeepEachProducersOrder() throws Exception {
        assertEquals(100_000L, Exchange.runRelaxed(new VyukovQueue<>(2), 2, 1, 50_000, false));
    }

    /**
     * A relaxed fill stops at a slot whose previous lap a consumer has claimed and not yet released, where fill reads
     * the consumer index, sees the claim and waits for the release: here the consumer holds its range inside its
     * callback until the test lets it go, so a relaxed fill that waited would hang until the deadline and fail.
     */
    @Test
    void aRelaxedFillStopsAtOnceWhereAFillWouldWaitForAConsumer() throws Exception {
        VyukovQueue<String> queue = new VyukovQueue<>(2);
        assertEquals(2, queue.fill(supply("a", "b"), 2));
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> taken = new ArrayList<>();
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread consumer = new Thread(() -> {
            try {
                outcome.set(queue.drain(e -> {
                    taken.add(e);
                    if (e.equals("a")) {
                        inside.countDown();
                        Await.until("the test to let the consumer go", () -> release.getCount() == 0);
                    }
                }, 2));
            } catch (Throwable t) {
                outcome.set(t);
            }
        }, "stalled-consumer");
        consumer.start();
        try {
            assertTrue(inside.await(Exchange.DEADLINE_SECONDS, TimeUnit.SECONDS), "the consumer took a");
            // The consumer claimed both positions with one CAS, released a's slot and is inside its callback: b's
            // slot is claimed and not released.
            assertEquals(1, queue.relaxedFill(supply("c", "d"), 2), "c into a's slot, then no waiting for b's");
        } finally {
            release.countDown();
            consumer.join(TimeUnit.SECONDS.toMillis(Exchange.DEADLINE_SECONDS));
        }
        assertFalse(consumer.isAlive());
        assertEquals(2, outcome.get());
        assertEquals(List.of("a", "b"), taken);
        assertEquals(1, queue.relaxedFill(supply("d"), 2), "b's slot is free now, and the ring is full after d");
        assertEquals("c", queue.poll());
        assertEquals("d", queue.poll());
        assertNull(queue.poll());
    }


    /**
     * remove(Object) is linearizable with offer: an element whose producer has claimed its position counts as
     * queued, so a removal that reaches that position waits for the publish, as poll does, instead of answering
     * false for an element that is in the queue. The stalled producer returns only once it sees the test thread
     * waiting there, so a removal that skipped the position fails this test every time.
     */
    @Test
    void aRemovalWaitsForAPositionClaimedButNotYetPublished() throws Exception {
        VyukovQueue<String> queue = new VyukovQueue<>(4);
        StalledProducer<String> slow = StalledProducer.start(queue, "slow", running("awaitPublished"));
        try {
            slow.awaitClaimed();
            assertTrue(queue.offer("fast"));
            assertTrue(queue.remove("slow"), "the claimed position holds slow once published");
        } finally {
            slow.release();
        }
        assertEquals(1, slow.finish());
        assertEquals(List.of("fast"), new ArrayList<>(queue));
        assertEquals("fast", queue.poll());
        assertNull(queue.poll());
    }

    /**
     * Removals racing batches: two producers fill, two consumers drain ranges, and a remover takes elements near
     * the head by value. Every element comes out exactly once, by a drain or by a removal that answered true, and
     * each consumer drains each producer's elements in order.
     */
    @Test
    void removalsRacingFillAndDrainTakeEveryElementExactlyOnce() throws Exception {
        for (int round = 0; round < 3; round++) {
            VyukovQueue<Long> queue = new VyukovQueue<>(16);
            int perProducer = 20_000;
            AtomicInteger producersLeft = new AtomicInteger(2);
            Map<Long, String> taken = new ConcurrentHashMap<>();
            AtomicLong duplicates = new AtomicLong();
            AtomicLong disorder = new AtomicLong();
            List<Runnable> sides = new ArrayList<>();
            for (int p = 0; p < 2; p++) {
                long base = p * (long) perProducer;
                sides.add(() -> {
                    long[] next = {base};
                    while (next[0] < base + perProducer) {
                        if (queue.fill(() -> next[0]++, (int) Math.min(5, base + perProducer - next[0])) == 0) {
                            Thread.onSpinWait();
                        }
                    }
                    producersLeft.decrementAndGet();
                });
            }
            Supplier<Boolean> done = () -> producersLeft.get() == 0 && queue.isEmpty();
            for (int c = 0; c < 2; c++) {
                sides.add(() -> {
                    long[] last = {-1, perProducer - 1L}; // per producer, the last of its elements drained here
                    while (!done.get()) {
                        queue.drain(e -> {
                            if (taken.put(e, "drained") != null) {
                                duplicates.incrementAndGet();
                            }
                            int producer = e < perProducer ? 0 : 1;
                            if (e <= last[producer]) {
                                disorder.incrementAndGet();
                            }
                            last[producer] = e;
                        }, 4);
                    }
                });
            }
            long seed = round;
            sides.add(() -> {
                Random random = new Random(seed);
                while (!done.get()) {
                    Long head = queue.peek();
                    if (head == null) {
                        Thread.onSpinWait();
                        continue;
                    }
                    // the head, one just behind it, or the other producer's element of about the same rank
                    long target = head + random.nextInt(3);
                    if (random.nextBoolean()) {
                        target += head < perProducer ? perProducer : -perProducer;
                    }
                    if (queue.remove(target) && taken.put(target, "removed") != null) {
                        duplicates.incrementAndGet();
                    }
                }
            });
            runTogether(sides);
            assertEquals(0, duplicates.get(), "round " + round + ": elements taken twice");
            assertEquals(0, disorder.get(), "round " + round + ": a producer's elements drained out of order");
            assertEquals(2L * perProducer, taken.size(), "round " + round + ": every element taken once");
            assertTrue(queue.isEmpty());
            assertEquals(0, queue.size());
            assertEquals(queue.addedCount(), queue.removedCount(), "every slot passed");
        }
    }

    /** Runs each side on a thread of its own and fails with the first failure, or if one is not done in time. */
    private static void runTogether(List<Runnable> sides) throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (Runnable side : sides) {
            Thread thread = new Thread(() -> {
                try {
                    side.run();
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(Exchange.DEADLINE_SECONDS));
            assertFalse(thread.isAlive(), "a side is not done after " + Exchange.DEADLINE_SECONDS + " s");
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
    }

    // ---- holes left by a failing supplier ----

    @Test
    void aNullFromTheSupplierLeavesAHoleThatIsSkipped() {
        VyukovQueue<String> queue = new VyukovQueue<>(4);
        NullPointerException thrown = assertThrows(NullPointerException.class,
                () -> queue.fill(supply("a", "b", null), 4));
        assertTrue(thrown.getMessage().contains("2"), thrown.getMessage());
        // the fill claimed all 4 positions at once: the supplier's null leaves its own and the last one as holes
        assertEquals(4, queue.size(), "holes count until a consumer passes them");
        assertEquals(List.of("a", "b"), new ArrayList<>(queue), "the iterator skips the hole");
        assertArrayEquals(new Object[] {"a", "b"}, queue.toArray());
        assertFalse(queue.contains(null));
        assertEquals("a", queue.poll());
        assertEquals("b", queue.poll());
        assertNull(queue.poll(), "poll consumes the holes and finds nothing after them");
        assertEquals(0, queue.size());
        assertTrue(queue.isEmpty());
        assertEquals(4, queue.fill(supply("c", "d", "e", "f"), 10), "the whole ring is usable again");
        assertEquals(List.of("c", "d", "e", "f"), new ArrayList<>(queue));
    }

    @Test
    void pollAndDrainStepOverAHoleInTheMiddle() {
        VyukovQueue<String> queue = new VyukovQueue<>(8);
        assertThrows(NullPointerException.class, () -> queue.fill(supply("a", null), 2));
        assertTrue(queue.offer("b"));
        assertThrows(NullPointerException.class, () -> queue.fill(supply((String) null), 1));
        assertTrue(queue.offer("c"));
        assertEquals(List.of("a", "b", "c"), new ArrayList<>(queue));

        List<String> drained = new ArrayList<>();
        assertEquals(2, queue.drain(drained::add, 2), "holes are not counted as drained");
        assertEquals(List.of("a", "b"), drained);
        assertEquals("c", queue.poll(), "poll steps over the second hole");
        assertNull(queue.poll());
        assertEquals(0, queue.size());
    }

    @Test
    void peekConsumesAHoleAtTheHead() {
        VyukovQueue<String> queue = new VyukovQueue<>(4);
        assertThrows(NullPointerException.class, () -> queue.fill(supply((String) null), 3));
        assertEquals(3, queue.size(), "the fill claimed three positions, and a null first leaves all three holes");
        assertNull(queue.peek(), "holes alone are nothing to peek at");
        assertEquals(0, queue.size(), "peek took the holes");
        assertThrows(NullPointerException.class, () -> queue.fill(supply((String) null), 3));
        assertTrue(queue.offer("x"));
        assertEquals("x", queue.peek());
        assertEquals("x", queue.element());
        assertEquals(1, queue.size());
        assertEquals("x", queue.poll());
        assertTrue(queue.isEmpty());
    }

    @Test
    void aThrowingSupplierIsRethrownAndItsSlotSkipped() {
        VyukovQueue<String> queue = new VyukovQueue<>(8);
        IllegalStateException broken = new IllegalStateException("broken supplier");
        AtomicInteger calls = new AtomicInteger();
        Supplier<String> supplier = () -> {
            if (calls.incrementAndGet() == 2) {
                throw broken;
            }
            return "e" + calls.get();
        };
        assertSame(broken, assertThrows(IllegalStateException.class, () -> queue.fill(supplier, 4)));
        assertEquals(2, calls.get(), "fill stopped at the failure");
        assertEquals(4, queue.size(), "e1, and holes in the three positions the fill had claimed after it");
        assertEquals(2, queue.fill(supplier, 2));
        assertEquals(List.of("e1", "e3", "e4"), new ArrayList<>(queue));
        assertEquals("e1", queue.poll());
        assertEquals("e3", queue.poll());
        assertEquals("e4", queue.poll());
        assertNull(queue.poll());
    }

    @Test
    void holesInEverySlotLapAfterLapCostNoCapacity() {
        VyukovQueue<Integer> queue = new VyukovQueue<>(2);
        for (int lap = 0; lap < 1_000; lap++) {
            assertThrows(NullPointerException.class, () -> queue.fill(() -> null, 1));
            assertTrue(queue.offer(lap), "lap " + lap);
            assertEquals(lap, queue.poll());
        }
        assertThrows(NullPointerException.class, () -> queue.fill(() -> null, 1));
        assertThrows(NullPointerException.class, () -> queue.fill(() -> null, 1));
        assertFalse(queue.offer(-1), "two holes fill a ring of two until a consumer passes them");
        assertNull(queue.poll());
        assertTrue(queue.offer(1));
        assertTrue(queue.offer(2));
        assertFalse(queue.offer(3));
        assertEquals(1, queue.poll());
        assertEquals(2, queue.poll());
    }

    // ---- range claims in fill and drain ----

    @Test
    void aConsumerThatThrowsInAClaimedRangeStillReceivesTheRestOfIt() {
        VyukovQueue<Long> queue = new VyukovQueue<>(8);
        for (long i = 0; i < 6; i++) {
            assertTrue(queue.offer(i));
        }
        IllegalStateException first = new IllegalStateException("fails on 1");
        IllegalStateException second = new IllegalStateException("fails on 2");
        List<Long> handed = new ArrayList<>();
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> queue.drain(e -> {
            handed.add(e);
            if (e == 1L) {
                throw first;
            }
            if (e == 2L) {
                throw second;
            }
        }, 4));
        assertSame(first, thrown, "the first exception propagates");
        assertArrayEquals(new Throwable[] {second}, thrown.getSuppressed(), "later ones are suppressed in it");
        assertEquals(List.of(0L, 1L, 2L, 3L), handed, "positions 0..3 were claimed at once: all handed over, in order");
        assertEquals(List.of(4L, 5L), new ArrayList<>(queue), "what the drain had not claimed stays queued");
        assertEquals(2, queue.size());
        assertEquals(4L, queue.poll());
    }

    @Test
    void aConsumerThatThrowsOnePositionAtATimeLeavesTheRestQueued() {
        VyukovQueue<Long> queue = new VyukovQueue<>(8);
        for (long i = 0; i < 6; i++) {
            assertTrue(queue.offer(i));
        }
        List<Long> handed = new ArrayList<>();
        assertThrows(IllegalStateException.class, () -> queue.drain(e -> {
            handed.add(e);
            if (e == 1L) {
                throw new IllegalStateException("fails on 1");
            }
        }, 10));
        // a range of 8 would end at position 7, which is not published: the drain went one position at a time
        assertEquals(List.of(0L, 1L), handed);
        assertEquals(List.of(2L, 3L, 4L, 5L), new ArrayList<>(queue), "the rest stays queued");
    }

    @Test
    void aDrainAndAFillLargerThanTheRingGoRangeByRange() {
        VyukovQueue<Long> queue = new VyukovQueue<>(4);
        AtomicInteger next = new AtomicInteger();
        List<Long> out = new ArrayList<>();
        for (int round = 0; round < 100; round++) {
            assertEquals(4, queue.fill(() -> (long) next.getAndIncrement(), 10), "the ring's room and no more");
            assertEquals(4 * (round + 1), next.get(), "the supplier was called only for room");
            assertEquals(4, queue.drain(out::add, 10));
            assertEquals(0, queue.drain(out::add, 10), "an empty ring drains nothing");
        }
        for (int i = 0; i < out.size(); i++) {
            assertEquals(i, out.get(i), "in order, each once");
        }
    }

    /**
     * A drain that claims a range waits for a position whose producer has claimed it but not yet published it,
     * rather than skip it: the stalled producer's supplier returns only once it has seen the test thread waiting
     * inside the drain's range.
     */
    @Test
    void aDrainedRangeWaitsForAStalledProducerAndKeepsOrder() throws Exception {
        VyukovQueue<String> queue = new VyukovQueue<>(4);
        StalledProducer<String> slow = StalledProducer.start(queue, "slow", running("drainRange"));
        List<String> drained = new ArrayList<>();
        try {
            slow.awaitClaimed();
            assertTrue(queue.offer("fast"), "position 1 is published while position 0 is not");
            assertEquals(2, queue.drain(drained::add, 2), "one range of two: the last is published");
        } finally {
            slow.release();
        }
        assertEquals(1, slow.finish());
        assertEquals(List.of("slow", "fast"), drained, "the stalled position was waited for, in order");
        assertTrue(queue.isEmpty());
    }

    @SafeVarargs
    private static <T> Supplier<T> supply(T... values) {
        AtomicInteger next = new AtomicInteger();
        return () -> values[next.getAndIncrement()];
    }

    // ---- weak consistency ----

    @Test
    void theIteratorDoesNotYieldWhatWasTakenOrTheNextLapsElements() {
        VyukovQueue<String> queue = new VyukovQueue<>(2);
        queue.offer("a");
        queue.offer("b");
        Iterator<String> it = queue.iterator();
        assertEquals("a", queue.poll());
        assertEquals("b", queue.poll());
        assertTrue(queue.offer("c"));
        assertTrue(queue.offer("d"));
        List<String> seen = new ArrayList<>();
        it.forEachRemaining(seen::add);
        assertFalse(seen.contains("b"), "b was taken before the walk reached it: " + seen);
        assertFalse(seen.contains("c") || seen.contains("d"), "the next lap is past the walk's end: " + seen);
        assertEquals(List.of("c", "d"), new ArrayList<>(queue));
    }

    // ---- closing ----

    @Test
    void theDriversQueueIsClosableAndStartsOpen() {
        ClosableQueue<Long> queue = assertInstanceOf(ClosableQueue.class, newQueue(4));
        assertFalse(queue.producersClosed());
        assertTrue(queue.offer(1L));
    }

    @Test
    void offerAndFillAfterTheCloseRefuseAndNeverCallTheSupplier() {
        VyukovQueue<Long> queue = new VyukovQueue<>(8);
        assertTrue(queue.offer(1L));
        queue.closeProducers();
        assertTrue(queue.producersClosed());
        assertFalse(queue.offer(2L), "offer refuses");
        AtomicInteger calls = new AtomicInteger();
        Supplier<Long> counting = () -> (long) calls.incrementAndGet();
        assertEquals(0, queue.fill(counting, 1), "one position at a time");
        assertEquals(0, queue.fill(counting, 5), "a range");
        assertEquals(0, queue.fill(counting, 100), "more than the ring");
        assertEquals(0, calls.get(), "the supplier was never called");
        assertEquals(1, queue.size(), "the ring has room, yet takes nothing");
        assertEquals(List.of(1L), new ArrayList<>(queue));
    }

    @Test
    void elementsQueuedBeforeTheCloseAreAllTakenInOrderThenTheQueueIsEmptyForGood() {
        VyukovQueue<Long> queue = new VyukovQueue<>(8);
        assertTrue(queue.offer(1L));
        assertTrue(queue.offer(2L));
        long[] next = {3};
        assertEquals(3, queue.fill(() -> next[0]++, 3), "a range claim");
        assertTrue(queue.offer(6L));
        queue.closeProducers();
        assertEquals(6, queue.size());
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), new ArrayList<>(queue), "the iterator ends at the last claim");
        assertEquals(1L, queue.peek());
        for (long i = 1; i <= 4; i++) {
            assertFalse(queue.isEmpty(), "before " + i + " is taken");
            assertEquals(i, queue.poll());
        }
        List<Long> drained = new ArrayList<>();
        assertFalse(queue.isEmpty());
        assertEquals(2, queue.drain(drained::add, 10));
        assertEquals(List.of(5L, 6L), drained);
        assertTrue(queue.isEmpty(), "all taken");
        assertEquals(0, queue.size());
        assertNull(queue.poll(), "an empty closed ring answers null at once, waiting for no producer");
        assertNull(queue.peek());
        assertEquals(0, queue.drain(drained::add, 10));
        assertFalse(queue.iterator().hasNext());
        assertFalse(queue.offer(7L));
        assertTrue(queue.isEmpty(), "and stays empty");
    }

    @Test
    void closingTwiceIsHarmless() {
        VyukovQueue<Long> queue = new VyukovQueue<>(4);
        assertTrue(queue.offer(1L));
        queue.closeProducers();
        queue.closeProducers();
        assertTrue(queue.producersClosed());
        assertEquals(1, queue.size());
        assertFalse(queue.offer(2L));
        assertEquals(1L, queue.poll());
        queue.closeProducers();
        assertTrue(queue.producersClosed());
        assertTrue(queue.isEmpty());
        assertNull(queue.poll());
        assertFalse(queue.offer(3L));
    }

    @Test
    void roomMadeInAFullRingAfterTheCloseIsNotGivenToProducers() {
        VyukovQueue<Long> queue = new VyukovQueue<>(2);
        assertTrue(queue.offer(1L));
        assertTrue(queue.offer(2L));
        queue.closeProducers();
        assertEquals(2, queue.size());
        assertEquals(1L, queue.poll());
        assertFalse(queue.offer(3L), "room, but closed");
        assertEquals(0, queue.fill(() -> 4L, 1));
        assertEquals(2L, queue.poll());
        assertTrue(queue.isEmpty());
    }

    /** A fill's range claim is its one step: a close after it leaves the whole range to be filled. */
    @Test
    void aRangeClaimedBeforeTheCloseIsFilledWhole() {
        VyukovQueue<Long> queue = new VyukovQueue<>(8);
        AtomicInteger calls = new AtomicInteger();
        assertEquals(4, queue.fill(() -> {
            if (calls.incrementAndGet() == 1) {
                queue.closeProducers(); // positions 0..3 are claimed already
            }
            return (long) calls.get();
        }, 4));
        assertEquals(4, calls.get());
        assertTrue(queue.producersClosed());
        assertEquals(List.of(1L, 2L, 3L, 4L), new ArrayList<>(queue));
        assertEquals(0, queue.fill(() -> 5L, 4));
    }

    /** One position at a time, each claim is checked: the fill stops at the close and asks for nothing more. */
    @Test
    void aFillGoingOnePositionAtATimeStopsAtTheCloseWithoutAskingForMore() {
        VyukovQueue<Long> queue = new VyukovQueue<>(4);
        assertTrue(queue.offer(10L));
        assertTrue(queue.offer(11L));
        AtomicInteger calls = new AtomicInteger();
        // a range of 4 would end at position 5, whose slot still holds position 1: one position at a time
        assertEquals(1, queue.fill(() -> {
            calls.incrementAndGet();
            queue.closeProducers();
            return 12L;
        }, 4));
        assertEquals(1, calls.get(), "the supplier was asked only for the position claimed before the close");
        assertEquals(List.of(10L, 11L, 12L), new ArrayList<>(queue));
        assertEquals(10L, queue.poll());
        assertEquals(11L, queue.poll());
        assertEquals(12L, queue.poll());
        assertTrue(queue.isEmpty());
    }

    /**
     * A position claimed before the close but not yet published is in the queue: it counts, keeps isEmpty false,
     * and is taken once its producer publishes it.
     */
    @Test
    void aPositionClaimedButUnpublishedAtTheCloseKeepsTheQueueNonEmptyUntilTaken() throws Exception {
        VyukovQueue<String> queue = new VyukovQueue<>(4);
        StalledProducer<String> slow = StalledProducer.start(queue, "slow", () -> false);
        try {
            slow.awaitClaimed();
            queue.closeProducers();
            assertTrue(queue.producersClosed());
            assertFalse(queue.offer("late"));
            assertFalse(queue.isEmpty(), "the claimed position is in the queue");
            assertEquals(1, queue.size());
            assertFalse(queue.iterator().hasNext(), "the iterator skips the unpublished slot");
        } finally {
            slow.release();
        }
        assertEquals(1, slow.finish(), "the fill that claimed before the close added its element");
        assertEquals("slow", queue.poll());
        assertTrue(queue.isEmpty());
        assertNull(queue.poll());
    }

    @ParameterizedTest(name = "capacity {0}, batch {1}")
    @CsvSource({"2, false", "2, true", "1024, false", "1024, true"})
    void aCloseRacingFourProducersDeliversEveryTakenElementOnceAndNoRefusedOne(int capacity, boolean batch)
            throws Exception {
        VyukovQueue<Long> queue = new VyukovQueue<>(capacity);
        long taken = CloseRace.run(queue, 4, 2, 100_000, batch, true);
        assertTrue(taken >= 200_000, "the close came once half the elements were in: " + taken);
    }

    // ---- a producer between claim and publish ----

    /**
     * Found by the Lincheck tests in stress-tests/: poll used to return null while the head position was claimed
     * but not yet published, even with a later element already published, which no sequential queue does. Now
     * poll and peek wait for that producer. The stalled producer's supplier returns only once it has seen the
     * test thread spinning inside poll, so the old behaviour (an immediate null) fails this test every time.
     */
    @Test
    void aProducerStalledBetweenClaimAndPublishIsWaitedForNotSkipped() throws Exception {
        VyukovQueue<String> queue = new VyukovQueue<>(2);
        StalledProducer<String> slow = StalledProducer.start(queue, "slow", running("poll"));
        try {
            slow.awaitClaimed();
            assertTrue(queue.offer("fast"), "the next slot is free");
            assertFalse(queue.offer("refused"), "the claimed slot counts: a ring of two is full");
            assertEquals(2, queue.size());
            assertFalse(queue.isEmpty());
            assertEquals(List.of("fast"), new ArrayList<>(queue), "the iterator skips the unpublished slot");
            assertEquals("slow", queue.poll(), "poll waits for the head's producer: fast is queued behind it");
        } finally {
            slow.release();
        }
        assertEquals(1, slow.finish());
        assertEquals("fast", queue.peek());
        assertEquals("fast", queue.poll());
        assertNull(queue.poll());
    }

    /** @return a condition that holds while the calling (test) thread runs {@code method} of the ring */
    private static BooleanSupplier running(String method) {
        // the ring's class, where the waiting code is (VyukovQueue only names it)
        return StalledProducer.whenRunning(Thread.currentThread(), VyukovRing.class.getName(), method);
    }
}
