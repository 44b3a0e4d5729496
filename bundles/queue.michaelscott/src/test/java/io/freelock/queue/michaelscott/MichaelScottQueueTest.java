package io.freelock.queue.michaelscott;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.freelock.queue.ClosableQueue;
import io.freelock.queue.ConcurrentQueue;
import io.freelock.queue.testkit.CloseRace;
import io.freelock.queue.testkit.Exchange;
import io.freelock.queue.testkit.RemovalContract;

/** The queue contract for {@code queue:mpmc?bounded=false}, and the multi-threaded cases of Michael-Scott. */
class MichaelScottQueueTest extends LinkedQueueContract implements RemovalContract {

    @Override
    public <E> ConcurrentQueue<E> newRemovalQueue(int capacity) {
        return new MichaelScottQueue<>();
    }

    @Override
    public boolean singleConsumer() {
        return false; // removal from any thread, as poll
    }

    @Override
    protected String spec(int capacity) {
        return "queue:mpmc?bounded=false";
    }

    @Override
    protected Class<?> queueClass() {
        return MichaelScottQueue.class;
    }

    @Test
    void fourProducersAndTwoConsumersLoseNothingAndKeepEachProducersOrder() throws Exception {
        assertEquals(4L * PER_PRODUCER, Exchange.run(newQueue(16), 4, 2, PER_PRODUCER, false));
    }

    @Test
    void fourProducersAndTwoConsumersInBatchesLoseNothingAndKeepEachProducersOrder() throws Exception {
        assertEquals(4L * PER_PRODUCER, Exchange.run(newQueue(16), 4, 2, PER_PRODUCER, true));
    }

    /**
     * Walkers on the test thread while four producers and two consumers run: each walk sees no null and each
     * producer's elements in the order sent, across the self-links the consumers leave behind.
     */
    @Test
    void walkingWhileSeveralThreadsOfferAndPollKeepsEachProducersOrder() throws Exception {
        assertEquals(4L * PER_PRODUCER, Exchange.runWhileWalked(newQueue(16), 4, 2, PER_PRODUCER));
    }

    /** Fills from several threads interleave only at batch boundaries; each thread's elements stay in order. */
    @Test
    void concurrentFillsKeepEachFillersOrder() throws Exception {
        ConcurrentQueue<Long> queue = newQueue(16);
        List<Thread> fillers = new ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int f = 0; f < 4; f++) {
            long base = (long) f << 32;
            fillers.add(new Thread(() -> {
                try {
                    long[] next = {0};
                    while (next[0] < 10_000) {
                        queue.fill(() -> base | next[0]++, 1000);
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            }));
        }
        fillers.forEach(Thread::start);
        for (Thread filler : fillers) {
            filler.join(TimeUnit.SECONDS.toMillis(Exchange.DEADLINE_SECONDS));
            assertFalse(filler.isAlive());
        }
        assertEquals(null, failure.get());
        long[] expected = new long[4];
        for (Long e = queue.poll(); e != null; e = queue.poll()) {
            int filler = (int) (e >>> 32);
            assertEquals(expected[filler]++, e & 0xFFFF_FFFFL, "filler " + filler);
        }
        for (int f = 0; f < 4; f++) {
            assertEquals(10_000, expected[f], "elements of filler " + f);
        }
    }

    // ---- removal racing other threads ----

    /**
     * A producer offers 0 .. n-1 while two removers race to remove every even element (each waits until it is
     * offered) and a consumer polls: every element leaves exactly once, by one poll or one successful remove,
     * never both; odd elements are never removed; and the consumer sees what it takes in order.
     */
    @Test
    void removersRacingEachOtherAndAConsumerTakeEachElementExactlyOnce() throws Exception {
        MichaelScottQueue<Long> queue = new MichaelScottQueue<>();
        int n = 20_000;
        AtomicLong offered = new AtomicLong();
        boolean[][] removedBy = new boolean[2][n];
        List<Long> polled = new ArrayList<>();
        AtomicInteger finished = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        threads.add(new Thread(() -> {
            for (long i = 0; i < n; i++) {
                queue.offer(i);
                offered.set(i + 1);
            }
            finished.incrementAndGet();
        }, "producer"));
        for (int r = 0; r < 2; r++) {
            boolean[] mine = removedBy[r];
            threads.add(new Thread(() -> {
                for (int i = 0; i < n; i += 2) {
                    while (offered.get() <= i) {
                        Thread.onSpinWait(); // the element is not offered yet: a remove now would miss it
                    }
                    mine[i] = queue.remove((long) i);
                }
                finished.incrementAndGet();
            }, "remover-" + r));
        }
        threads.add(new Thread(() -> {
            while (finished.get() < 3 || !queue.isEmpty()) {
                Long e = queue.poll();
                if (e != null) {
                    polled.add(e);
                }
            }
        }, "consumer"));
        runToTheEnd(threads);
        int[] left = new int[n];
        long previous = -1;
        for (long e : polled) {
            assertTrue(e > previous, "polled in order: " + e + " after " + previous);
            previous = e;
            left[(int) e]++;
        }
        int removed = 0;
        for (int i = 0; i < n; i++) {
            int byRemovers = (removedBy[0][i] ? 1 : 0) + (removedBy[1][i] ? 1 : 0);
            removed += byRemovers;
            assertEquals(1, left[i] + byRemovers, "element " + i + ": polled " + left[i] + ", removed " + byRemovers);
        }
        assertTrue(queue.isEmpty());
        assertEquals(n, polled.size() + removed);
    }

    /**
     * Four producers and two consumers exchange elements while a remover keeps removing every multiple of 7 it
     * finds: no element is polled twice, every element not polled is a multiple of 7 (nothing else is lost), and
     * each producer's order holds. (That a removed element is never polled is what the test above checks, where
     * each removal's answer is known.)
     */
    @Test
    void removeIfWhileSeveralThreadsOfferAndPollLosesAndDuplicatesNothing() throws Exception {
        MichaelScottQueue<Long> queue = new MichaelScottQueue<>();
        int producers = 4;
        int perProducer = 50_000;
        ConcurrentHashMap<Long, Boolean> polled = new ConcurrentHashMap<>();
        AtomicInteger producing = new AtomicInteger(producers);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            long base = (long) p << 32;
            threads.add(new Thread(() -> {
                for (long i = 0; i < perProducer; i++) {
                    queue.offer(base | i);
                }
                producing.decrementAndGet();
            }, "producer-" + p));
        }
        for (int c = 0; c < 2; c++) {
            threads.add(new Thread(() -> {
                long[] last = new long[producers];
                Arrays.fill(last, -1);
                while (producing.get() > 0 || !queue.isEmpty()) {
                    Long e = queue.poll();
                    if (e == null) {
                        continue;
                    }
                    int producer = (int) (e >>> 32);
                    long sequence = e & 0xFFFF_FFFFL;
                    assertTrue(sequence > last[producer], "producer " + producer + " order");
                    last[producer] = sequence;
                    assertNull(polled.put(e, Boolean.TRUE), "polled twice: " + e);
                }
            }, "consumer-" + c));
        }
        threads.add(new Thread(() -> {
            while (producing.get() > 0) {
                queue.removeIf(e -> (e & 0xFFFF_FFFFL) % 7 == 0);
            }
        }, "remover"));
        runToTheEnd(threads);
        for (int p = 0; p < producers; p++) {
            for (long i = 0; i < perProducer; i++) {
                long e = (long) p << 32 | i;
                if (!polled.containsKey(e)) {
                    assertEquals(0, i % 7, "element " + p + ":" + i + " was neither polled nor removable: lost");
                }
            }
        }
        assertTrue(queue.isEmpty());
    }

    /** On a closed queue, removal never unlinks the node the marker follows, and the queue still empties for good. */
    @Test
    void removalOnAClosedQueueKeepsTheMarkerAtTheEnd() {
        MichaelScottQueue<Long> queue = new MichaelScottQueue<>();
        for (long i = 1; i <= 4; i++) {
            queue.offer(i);
        }
        queue.closeProducers();
        assertTrue(queue.remove(4L), "the last node's element");
        assertTrue(queue.remove(2L));
        assertFalse(queue.isEmpty());
        assertEquals(List.of(1L, 3L), new ArrayList<>(queue));
        assertTrue(queue.removeIf(e -> true));
        assertTrue(queue.isEmpty(), "closed and all removed: empty for good");
        assertNull(queue.poll());
        assertFalse(queue.offer(5L));
        assertTrue(queue.producersClosed());
        assertMarkerNeverReachedByHeadOrTail(queue);
    }

    // ---- closing ----

    @Test
    void theDriversQueueIsClosableAndStartsOpen() {
        ClosableQueue<Long> queue = assertInstanceOf(ClosableQueue.class, newQueue(16));
        assertFalse(queue.producersClosed());
        assertTrue(queue.offer(1L));
    }

    @Test
    void offerAndFillAfterTheCloseRefuseAndNeverCallTheSupplier() {
        MichaelScottQueue<Long> queue = new MichaelScottQueue<>();
        assertTrue(queue.offer(1L));
        queue.closeProducers();
        assertTrue(queue.producersClosed());
        assertFalse(queue.offer(2L), "offer refuses");
        AtomicInteger calls = new AtomicInteger();
        Supplier<Long> counting = () -> (long) calls.incrementAndGet();
        assertEquals(0, queue.fill(counting, 1));
        assertEquals(0, queue.fill(counting, 1000), "more than one chain");
        assertEquals(0, calls.get(), "the supplier was never called");
        assertEquals(List.of(1L), new ArrayList<>(queue));
        assertEquals(1L, queue.poll());
        assertTrue(queue.isEmpty(), "the refused fills' batches ended: none is still counted in flight");
    }

    @Test
    void elementsQueuedBeforeTheCloseAreAllTakenInOrderThenTheQueueIsEmptyForGood() {
        MichaelScottQueue<Long> queue = new MichaelScottQueue<>();
        assertTrue(queue.offer(0L));
        long[] next = {1};
        assertEquals(100, queue.fill(() -> next[0]++, 100), "two chains");
        assertTrue(queue.offer(101L));
        queue.closeProducers();
        assertEquals(102, queue.size());
        assertTrue(queue.contains(101L));
        List<Long> walked = new ArrayList<>(queue);
        for (int i = 0; i < walked.size(); i++) {
            assertEquals(i, walked.get(i), "the iterator ends at the last node, before the marker");
        }
        assertEquals(102, walked.size());
        assertEquals(0L, queue.peek());
        for (long i = 0; i < 100; i++) {
            assertFalse(queue.isEmpty(), "before " + i + " is taken");
            assertEquals(i, queue.poll());
        }
        List<Long> drained = new ArrayList<>();
        assertEquals(2, queue.drain(drained::add, 10));
        assertEquals(List.of(100L, 101L), drained);
        assertNull(queue.headAcquire().value(), "the last element's node is the dummy now, its value cleared");
        assertSame(Node.CLOSED, queue.headAcquire().nextAcquire(), "and the marker follows it");
        assertTrue(queue.isEmpty(), "all taken");
        assertEquals(0, queue.size());
        assertNull(queue.poll());
        assertNull(queue.peek());
        assertEquals(0, queue.drain(drained::add, 10));
        assertFalse(queue.iterator().hasNext());
        assertEquals("[]", queue.toString());
        assertFalse(queue.offer(102L));
        assertTrue(queue.isEmpty(), "and stays empty");
        assertMarkerNeverReachedByHeadOrTail(queue);
    }

    @Test
    void closingAnEmptyQueueLeavesItEmptyAndUsableByConsumers() {
        MichaelScottQueue<Long> queue = new MichaelScottQueue<>();
        queue.closeProducers();
        assertTrue(queue.producersClosed());
        assertTrue(queue.isEmpty());
        assertEquals(0, queue.size());
        assertNull(queue.poll());
        assertNull(queue.peek());
        assertFalse(queue.iterator().hasNext());
        queue.clear();
        assertFalse(queue.offer(1L));
        assertMarkerNeverReachedByHeadOrTail(queue);
    }

    @Test
    void closingTwiceIsHarmless() {
        MichaelScottQueue<Long> queue = new MichaelScottQueue<>();
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
        assertMarkerNeverReachedByHeadOrTail(queue);
    }

    @Test
    void anIteratorMadeBeforeTheCloseEndsAtTheMarker() {
        MichaelScottQueue<Long> queue = new MichaelScottQueue<>();
        queue.offer(1L);
        queue.offer(2L);
        Iterator<Long> it = queue.iterator();
        assertEquals(1L, it.next());
        queue.closeProducers();
        assertTrue(it.hasNext());
        assertEquals(2L, it.next());
        assertFalse(it.hasNext(), "the marker is the end");
    }

    /**
     * A producer stalled after its link (its node linked, the tail not moved): the close walks past the lagging
     * tail, links the marker after that node and moves the tail onto it; consumers then take it; the tail never
     * reaches the marker.
     */
    @Test
    void aCloseHelpsALaggingTailAndLinksTheMarkerAfterTheRealLastNode() {
        MichaelScottQueue<Long> queue = new MichaelScottQueue<>();
        assertTrue(queue.offer(1L));
        Node<Long> stalled = new Node<>(2L);
        Node<Long> last = queue.tailAcquire();
        while (last.nextAcquire() != null) {
            last = last.nextAcquire(); // the lazy tail may be a hop behind already
        }
        assertTrue(last.casNextFromNull(stalled), "linked, as a producer's first CAS does");
        assertNotSame(stalled, queue.tailAcquire(), "the tail lags");
        queue.closeProducers();
        assertSame(stalled, queue.tailAcquire(), "the close moved the tail onto the real last node");
        assertSame(Node.CLOSED, stalled.nextAcquire(), "and linked the marker after it");
        assertFalse(queue.offer(3L));
        assertEquals(List.of(1L, 2L), new ArrayList<>(queue));
        assertEquals(1L, queue.poll());
        assertFalse(queue.isEmpty());
        assertEquals(2L, queue.poll());
        assertTrue(queue.isEmpty());
        assertNull(queue.poll());
        assertMarkerNeverReachedByHeadOrTail(queue);
    }

    /** A consumer that finds the head on a lagging tail of a closed queue answers empty, not moving onto the marker. */
    @Test
    void pollOnTheLastNodeOfAClosedQueueNeverMovesTheHeadOntoTheMarker() {
        MichaelScottQueue<Long> queue = new MichaelScottQueue<>();
        queue.closeProducers();
        for (int i = 0; i < 3; i++) {
            assertNull(queue.poll());
            assertNull(queue.peek());
        }
        assertSame(queue.headAcquire(), queue.tailAcquire(), "head and tail still on the first dummy");
        assertMarkerNeverReachedByHeadOrTail(queue);
    }

    /**
     * A close from inside the supplier, in the second batch of a fill: that batch began before the close, so it
     * completes and is linked before the marker; the third batch begins after the close, sees it, and asks the
     * supplier for nothing. Nothing supplied is lost.
     */
    @Test
    void aCloseWhileAFillSuppliesABatchLetsThatBatchCompleteAndStopsTheNextOne() {
        MichaelScottQueue<Long> queue = new MichaelScottQueue<>();
        AtomicInteger calls = new AtomicInteger();
        int returned = queue.fill(() -> {
            int call = calls.incrementAndGet();
            if (call == 70) {
                queue.closeProducers(); // inside the second batch, which the fill has not linked yet
            }
            return (long) call;
        }, 200);
        assertEquals(128, returned, "the first two batches: one linked before the close, one begun before it");
        assertEquals(128, calls.get(), "no supplier call for the third batch, begun after the close");
        assertTrue(queue.producersClosed());
        assertEquals(128, queue.size());
        for (long i = 1; i <= 128; i++) {
            assertFalse(queue.isEmpty(), "before " + i + " is taken");
            assertEquals(i, queue.poll());
        }
        assertTrue(queue.isEmpty());
        assertSame(Node.CLOSED, queue.headAcquire().nextAcquire(), "the marker is still at the end");
        assertMarkerNeverReachedByHeadOrTail(queue);
    }

    /**
     * The supplier throws inside a batch that began before the close: what it gave before is inserted before the
     * marker and the batch ends, so the queue empties for good once those are taken.
     */
    @Test
    void aSupplierThrowingAfterTheCloseStillQueuesWhatItGaveBeforeTheMarker() {
        MichaelScottQueue<Long> queue = new MichaelScottQueue<>();
        assertTrue(queue.offer(0L));
        AtomicInteger calls = new AtomicInteger();
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> queue.fill(() -> {
            int call = calls.incrementAndGet();
            if (call == 5) {
                queue.closeProducers();
            } else if (call == 8) {
                throw new IllegalStateException("supplier gives up");
            }
            return (long) call;
        }, 64));
        assertEquals("supplier gives up", thrown.getMessage());
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L), new ArrayList<>(queue));
        assertFalse(queue.offer(8L));
        for (long i = 0; i <= 7; i++) {
            assertFalse(queue.isEmpty());
            assertEquals(i, queue.poll());
        }
        assertTrue(queue.isEmpty(), "the batch ended: it is no longer counted");
        assertMarkerNeverReachedByHeadOrTail(queue);
    }

    /**
     * A fill whose supplier is inside its batch, held on a latch, when the test thread closes the queue. While it
     * is held, nothing of the batch is linked (the head is followed by the marker) and yet isEmpty is false,
     * since the batch claimed before the close; poll and peek find nothing, and offers and new fills are
     * refused. Once released, the fill returns every element it supplied, all in the queue in order before the
     * marker; isEmpty turns true only when the last is taken.
     *
     * @param limit the fill's limit
     * @param holdAt the supplier call that waits for the release
     * @param expected what the fill returns: the batches begun before the close
     */
    @ParameterizedTest(name = "limit {0}, held at call {1}")
    @CsvSource({"64, 1, 64", "64, 10, 64", "200, 70, 128"})
    void aFillInsideItsBatchWhenAnotherThreadClosesDeliversTheWholeBatch(int limit, int holdAt, int expected)
            throws Exception {
        MichaelScottQueue<Long> queue = new MichaelScottQueue<>();
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger returned = new AtomicInteger(-1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread filler = new Thread(() -> {
            try {
                returned.set(queue.fill(() -> {
                    int call = calls.incrementAndGet();
                    if (call == holdAt) {
                        held.countDown();
                        awaitOrFail(release, "the release");
                    }
                    return (long) call;
                }, limit));
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "filler");
        filler.start();
        try {
            awaitOrFail(held, "the supplier call " + holdAt);
            queue.closeProducers();
            assertTrue(queue.producersClosed());
            // What was linked before the close (the first batch, if the hold is in the second) is taken now.
            for (long i = 1; i < (holdAt - 1) / 64 * 64 + 1; i++) {
                assertEquals(i, queue.poll());
            }
            assertSame(Node.CLOSED, queue.headAcquire().nextAcquire(), "nothing of the held batch is linked yet");
            assertFalse(queue.isEmpty(), "but the batch began before the close: not empty");
            assertNull(queue.poll());
            assertNull(queue.peek());
            assertEquals(0, queue.size(), "a batch in flight counts 0 in the size estimate");
            assertFalse(queue.iterator().hasNext());
            assertFalse(queue.offer(-1L), "an offer after the close is refused");
            assertEquals(0, queue.fill(() -> {
                throw new AssertionError("a fill begun after the close called its supplier");
            }, 10));
            assertFalse(queue.isEmpty(), "still not empty: the held batch is still in flight");
        } finally {
            release.countDown();
            filler.join(TimeUnit.SECONDS.toMillis(Exchange.DEADLINE_SECONDS));
        }
        assertFalse(filler.isAlive(), "the fill ends once released");
        assertNull(failure.get());
        assertEquals(expected, returned.get(), "the fill returns every batch begun before the close, whole");
        assertEquals(expected, calls.get(), "and its supplier was called for exactly those elements");
        for (long i = (holdAt - 1) / 64 * 64 + 1; i <= expected; i++) {
            assertFalse(queue.isEmpty(), "before " + i + " is taken");
            assertEquals(i, queue.poll(), "the held batch's elements, in order");
        }
        assertTrue(queue.isEmpty(), "all taken: empty, for good");
        assertNull(queue.poll());
        assertSame(Node.CLOSED, queue.headAcquire().nextAcquire(), "the marker is still at the end");
        assertFalse(queue.offer(-2L));
        assertTrue(queue.isEmpty());
        assertMarkerNeverReachedByHeadOrTail(queue);
    }

    /**
     * Two fills, each held inside its batch, across the close: each chain is inserted before the marker in the
     * order the fills link, the marker stays at the end, and the tail ends on the last real node.
     */
    @Test
    void twoFillsInFlightAcrossTheCloseEachInsertTheirChainBeforeTheMarker() throws Exception {
        MichaelScottQueue<Long> queue = new MichaelScottQueue<>();
        assertTrue(queue.offer(0L));
        CountDownLatch held = new CountDownLatch(2);
        CountDownLatch[] release = {new CountDownLatch(1), new CountDownLatch(1)};
        AtomicInteger[] returned = {new AtomicInteger(-1), new AtomicInteger(-1)};
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread[] fillers = new Thread[2];
        for (int f = 0; f < 2; f++) {
            int filler = f;
            fillers[f] = new Thread(() -> {
                try {
                    long[] next = {0};
                    returned[filler].set(queue.fill(() -> {
                        if (next[0] == 3) {
                            held.countDown();
                            awaitOrFail(release[filler], "the release of filler " + filler);
                        }
                        return (filler + 1L) * 100 + next[0]++;
                    }, 10));
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }, "filler-" + f);
            fillers[f].start();
        }
        try {
            awaitOrFail(held, "both suppliers");
            queue.closeProducers();
            assertEquals(0L, queue.poll());
            assertFalse(queue.isEmpty(), "two batches in flight");
            release[1].countDown();
            fillers[1].join(TimeUnit.SECONDS.toMillis(Exchange.DEADLINE_SECONDS));
            assertFalse(fillers[1].isAlive());
            assertEquals(10, returned[1].get());
        } finally {
            release[0].countDown();
            release[1].countDown();
            for (Thread filler : fillers) {
                filler.join(TimeUnit.SECONDS.toMillis(Exchange.DEADLINE_SECONDS));
            }
        }
        assertNull(failure.get());
        assertEquals(10, returned[0].get());
        List<Long> expected = new ArrayList<>();
        for (long i = 0; i < 10; i++) {
            expected.add(200 + i); // filler 1 was released first, so its chain was inserted first
        }
        for (long i = 0; i < 10; i++) {
            expected.add(100 + i);
        }
        assertEquals(expected, new ArrayList<>(queue));
        assertEquals(109L, queue.tailAcquire().valueOpaque(), "the tail on the last real node, not the marker");
        assertSame(Node.CLOSED, queue.tailAcquire().nextAcquire(), "which the marker follows");
        for (Long e : expected) {
            assertFalse(queue.isEmpty());
            assertEquals(e, queue.poll());
        }
        assertTrue(queue.isEmpty());
        assertMarkerNeverReachedByHeadOrTail(queue);
    }

    @ParameterizedTest(name = "batch {0}")
    @ValueSource(booleans = {false, true})
    void aCloseRacingFourProducersDeliversEveryTakenElementOnceAndNoRefusedOne(boolean batch) throws Exception {
        MichaelScottQueue<Long> queue = new MichaelScottQueue<>();
        // supplierOnlyForWhatIsAdded: a fill racing the close adds every element it supplied, whole batches
        long taken = CloseRace.run(queue, 4, 2, 100_000, batch, true);
        assertTrue(taken >= 200_000, "the close came once half the elements were in: " + taken);
        assertMarkerNeverReachedByHeadOrTail(queue);
    }

    /**
     * A close racing four filling producers (in batches of 64 and of up to 150, so across batches too), two
     * offering ones, a draining consumer and a polling one: every element a supplier handed over is delivered
     * exactly once, every offer refused is never delivered, each producer's order is kept, and once a consumer
     * has seen the closed queue empty nothing more is taken.
     */
    @Test
    void aCloseRacingFillersAndOfferersLosesNoSuppliedElement() throws Exception {
        MichaelScottQueue<Long> queue = new MichaelScottQueue<>();
        long taken = CloseRace.run(queue, 4, 2, 1, 1, 100_000, true);
        assertTrue(taken >= 300_000, "the close came once half the elements were in: " + taken);
        assertMarkerNeverReachedByHeadOrTail(queue);
    }

    /** Starts the threads, waits for each until the tests' deadline, and fails with the first thing one threw. */
    private static void runToTheEnd(List<Thread> threads) throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (Thread t : threads) {
            t.setUncaughtExceptionHandler((thread, e) -> failure.compareAndSet(null, e));
            t.start();
        }
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(Exchange.DEADLINE_SECONDS));
            assertFalse(t.isAlive(), t.getName() + " ends within the deadline");
        }
        if (failure.get() != null) {
            throw new AssertionError("a thread failed", failure.get());
        }
    }

    /** Waits for the latch until the tests' deadline, and fails if it is not reached by then. */
    private static void awaitOrFail(CountDownLatch latch, String what) {
        try {
            if (!latch.await(Exchange.DEADLINE_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("no " + what + " within " + Exchange.DEADLINE_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + what, e);
        }
    }

    private static void assertMarkerNeverReachedByHeadOrTail(MichaelScottQueue<Long> queue) {
        assertNotSame(Node.CLOSED, queue.headAcquire());
        assertNotSame(Node.CLOSED, queue.tailAcquire());
        assertNull(Node.CLOSED.nextAcquire(), "the shared marker is never linked onwards");
        assertNull(Node.CLOSED.valueOpaque(), "and never holds a value");
    }
}
