package io.freelock.queue.michaelscott;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.freelock.queue.ClosableQueue;
import io.freelock.queue.ConcurrentQueue;
import io.freelock.queue.testkit.Exchange;
import io.freelock.queue.testkit.RemovalContract;

/** The queue contract for {@code queue:spsc?bounded=false}, which the driver serves with the class without CAS. */
class SpscLinkedQueueTest extends LinkedQueueContract implements RemovalContract {

    @Override
    public <E> ConcurrentQueue<E> newRemovalQueue(int capacity) {
        return new SpscLinkedQueue<>();
    }

    @Override
    public boolean singleConsumer() {
        return true; // removal is the consumer's operation
    }

    @Override
    protected String spec(int capacity) {
        return "queue:spsc?bounded=false";
    }

    @Override
    protected Class<?> queueClass() {
        return SpscLinkedQueue.class;
    }

    @Test
    void anSpscLinkedQueueCannotBeClosed() {
        assertFalse(newQueue(16) instanceof ClosableQueue, "one producer: the manager retires it without a close");
    }

    @Test
    void aMillionElementsPassFromOneProducerToOneConsumer() throws Exception {
        assertEquals(1_000_000L, Exchange.run(newQueue(16), 1, 1, 1_000_000, false));
    }

    @Test
    void aMillionElementsPassInBatches() throws Exception {
        assertEquals(1_000_000L, Exchange.run(newQueue(16), 1, 1, 1_000_000, true));
    }

    /**
     * Removal is a consumer's operation: the consumer thread alternates polls with removals of every third element
     * while the producer offers. Every element leaves exactly once, by a poll or a removal that answered true; the
     * polls see the rest in order; a removed element is never polled.
     */
    @Test
    void theConsumerRemovesWhileTheProducerOffers() throws Exception {
        ConcurrentQueue<Long> queue = newQueue(16);
        int n = 30_000;
        AtomicLong offered = new AtomicLong();
        // The consumer's progress: the producer stays at most 64 elements ahead of it, so that the removals run
        // near the producer's end of the list (where the last node may not be unlinked) and each walk is short.
        AtomicLong left = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread producer = new Thread(() -> {
            for (long i = 0; i < n; i++) {
                while (i - left.get() > 64) {
                    Thread.yield(); // the consumer needs the core more than this wait does
                }
                queue.offer(i);
                offered.set(i + 1);
            }
        }, "producer");
        producer.setUncaughtExceptionHandler((t, e) -> failure.set(e));
        producer.start();
        boolean[] gone = new boolean[n];
        long previous = -1;
        long nextToRemove = 0;
        int count = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Exchange.DEADLINE_SECONDS);
        while (count < n) {
            assertTrue(System.nanoTime() < deadline, "only " + count + " of " + n + " left within the deadline");
            // Remove every third element once it is offered and not yet polled, from this (the consumer) thread.
            if (nextToRemove < offered.get()) {
                if (nextToRemove > previous) {
                    if (queue.remove(nextToRemove)) {
                        assertFalse(gone[(int) nextToRemove], "removed after it left: " + nextToRemove);
                        gone[(int) nextToRemove] = true;
                        left.set(++count);
                    } else {
                        throw new AssertionError(nextToRemove + " was offered, not polled, yet not found");
                    }
                }
                nextToRemove += 3;
            }
            Long e = queue.poll();
            if (e != null) {
                assertTrue(e > previous, e + " after " + previous);
                assertFalse(gone[e.intValue()], "polled after it left: " + e);
                gone[e.intValue()] = true;
                previous = e;
                left.set(++count);
            }
        }
        producer.join(TimeUnit.SECONDS.toMillis(Exchange.DEADLINE_SECONDS));
        assertFalse(producer.isAlive());
        assertNull(failure.get());
        assertNull(queue.poll());
        assertTrue(queue.isEmpty());
    }
}
