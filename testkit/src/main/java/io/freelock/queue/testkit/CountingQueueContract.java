package io.freelock.queue.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.freelock.queue.ConcurrentQueue;
import io.freelock.queue.CountingQueue;

/**
 * The {@link CountingQueue} contract, for a driver test class to implement beside {@link QueueContract}: the counts
 * follow every way in and out, only grow, and their difference is the size. A bounded queue is also filled to its
 * capacity of 8, and its refusals are checked to count nothing.
 */
public interface CountingQueueContract {

    /** @return a new counting queue of the driver under test, bounded to {@code capacity} where it is bounded */
    <E> CountingQueue<E> newCountingQueue(int capacity);

    @Test
    default void theCountsFollowEveryWayInAndOut() {
        CountingQueue<Long> queue = newCountingQueue(8);
        assertCounts(queue, 0, 0);
        for (long i = 0; i < 5; i++) {
            assertTrue(queue.offer(i));
        }
        assertCounts(queue, 5, 0);
        queue.poll();
        queue.peek();
        assertCounts(queue, 5, 1);
        if (queue.capacity() == ConcurrentQueue.UNBOUNDED_CAPACITY) {
            assertEquals(4, queue.fill(() -> 9L, 4));
        } else {
            assertEquals(4, queue.fill(() -> 9L, 6), "room for 4");
            assertCounts(queue, 9, 1);
            assertFalse(queue.offer(10L), "full");
            assertEquals(0, queue.fill(() -> 9L, 4), "full");
        }
        assertCounts(queue, 9, 1);
        List<Long> taken = new ArrayList<>();
        assertEquals(4, queue.drain(taken::add, 4));
        assertCounts(queue, 9, 5);
        assertTrue(queue.add(11L));
        queue.clear();
        assertCounts(queue, 10, 10);
        assertTrue(queue.isEmpty());
    }

    @Test
    default void theCountsOnlyGrowAndNeverShowMoreTakenThanAddedWhileAProducerAndAConsumerRun() throws Exception {
        CountingQueue<Long> queue = newCountingQueue(64);
        long elements = 200_000;
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong violations = new AtomicLong();
        Thread reader = new Thread(() -> {
            long lastAdded = 0;
            long lastRemoved = 0;
            while (!done.get()) {
                long removed = queue.removedCount(); // first: it never passes the added count of the same moment
                long added = queue.addedCount();
                if (removed > added || added < lastAdded || removed < lastRemoved) {
                    violations.incrementAndGet();
                }
                lastAdded = added;
                lastRemoved = removed;
            }
        });
        Thread producer = new Thread(() -> {
            for (long i = 0; i < elements; ) {
                if (queue.offer(i)) {
                    i++;
                }
            }
        });
        reader.start();
        producer.start();
        for (long taken = 0; taken < elements; ) {
            if (queue.poll() != null) {
                taken++;
            }
        }
        producer.join();
        done.set(true);
        reader.join();
        assertEquals(0, violations.get(), "reads where a count went down or more were taken than added");
        assertCounts(queue, elements, elements);
    }

    private static void assertCounts(CountingQueue<?> queue, long added, long removed) {
        assertEquals(added, queue.addedCount(), "added");
        assertEquals(removed, queue.removedCount(), "removed");
        assertEquals(added - removed, queue.size(), "the counts' difference is the size");
    }
}
