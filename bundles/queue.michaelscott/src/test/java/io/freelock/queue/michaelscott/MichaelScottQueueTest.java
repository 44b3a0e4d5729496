package io.freelock.queue.michaelscott;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.freelock.queue.ConcurrentQueue;
import io.freelock.queue.QueueDriver;
import io.freelock.queue.testkit.Exchange;
import io.freelock.queue.testkit.QueueContract;

/** The queue contract for {@code queue:mpmc?bounded=false}, and the multi-threaded cases of Michael-Scott. */
class MichaelScottQueueTest extends QueueContract {

    @Override
    protected QueueDriver driver() {
        return new MichaelScottDriver();
    }

    @Override
    protected String spec(int capacity) {
        return "queue:mpmc?bounded=false";
    }

    @Test
    void theDriverMakesAMichaelScottQueueForThisSpec() {
        ConcurrentQueue<Long> queue = newQueue(16);
        assertEquals(MichaelScottQueue.class, queue.getClass());
        assertEquals(ConcurrentQueue.UNBOUNDED_CAPACITY, queue.capacity());
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
        ConcurrentQueue<Long> queue = newQueue(16);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicLong moved = new AtomicLong();
        Thread exchange = new Thread(() -> {
            try {
                moved.set(Exchange.run(queue, 4, 2, PER_PRODUCER, false));
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "exchange");
        exchange.start();
        long walks = 0;
        while (exchange.isAlive()) {
            long[] last = {-1, -1, -1, -1};
            for (Long e : queue) {
                assertNotNull(e, "a walk never yields null");
                int producer = (int) (e >>> 32);
                long sequence = e & 0xFFFF_FFFFL;
                assertTrue(sequence > last[producer], "producer " + producer + ": " + sequence + " after "
                        + last[producer]);
                last[producer] = sequence;
            }
            assertTrue(queue.size() >= 0);
            walks++;
        }
        exchange.join(TimeUnit.SECONDS.toMillis(Exchange.DEADLINE_SECONDS));
        assertFalse(exchange.isAlive(), "the exchange ends within its deadline");
        if (failure.get() != null) {
            throw new AssertionError("the exchange failed", failure.get());
        }
        assertEquals(4L * PER_PRODUCER, moved.get());
        assertTrue(walks > 0);
    }

    @Test
    void anIteratorOnADequeuedNodeGoesOnFromTheHead() {
        Walks.anIteratorOnADequeuedNodeGoesOnFromTheHead(newQueue(16));
    }

    @Test
    void removalOtherThanAtTheHeadIsRefused() {
        Walks.removalOtherThanAtTheHeadIsRefused(newQueue(16));
    }

    @Test
    void nullIsRefusedWithAMessage() {
        Walks.nullIsRefusedWithAMessage(newQueue(16));
    }

    @Test
    void aThrowingSupplierKeepsWhatCameBefore() {
        Walks.aThrowingSupplierKeepsWhatCameBefore(newQueue(16));
    }

    @Test
    void aLongFillKeepsOrder() {
        Walks.aLongFillKeepsOrder(newQueue(16));
    }

    @Test
    void aThrowingConsumerLeavesTheRestQueued() {
        Walks.aThrowingConsumerLeavesTheRestQueued(newQueue(16));
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
}
