package io.freelock.queue.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.freelock.queue.QueueSpec;

/** The manager's own queue: its bound, its closing, and a supplier that fails. */
class FallbackQueueTest {

    @Test
    void aThrowingSupplierGivesBackTheRoomItWasGiven() {
        FallbackQueue<Long> queue = FallbackQueue.forSpec(QueueSpec.parse("queue:mpmc?capacity=4"));
        for (int i = 0; i < 3; i++) {
            assertThrows(IllegalStateException.class, () -> queue.fill(() -> {
                throw new IllegalStateException("no element");
            }, 2));
        }
        for (long i = 0; i < 4; i++) {
            assertTrue(queue.offer(i), "room " + i + " of 4 is still there");
        }
        assertFalse(queue.offer(4L));
        for (int i = 0; i < 4; i++) {
            queue.poll();
        }
        assertEquals(0, queue.size());
        assertTrue(queue.isEmpty());
    }

    @Test
    void closedItRefusesProducersWithoutAskingTheSupplierAndStillDeliversWhatItHolds() {
        FallbackQueue<Long> queue = FallbackQueue.forSpec(QueueSpec.parse("queue:mpmc"));
        queue.offer(1L);
        queue.offer(2L);
        assertFalse(queue.producersClosed());
        queue.closeProducers();
        queue.closeProducers();
        assertTrue(queue.producersClosed());
        assertFalse(queue.offer(3L));
        AtomicInteger asked = new AtomicInteger();
        assertEquals(0, queue.fill(() -> (long) asked.incrementAndGet(), 5));
        assertEquals(0, asked.get(), "no element is asked for that cannot be added");
        assertFalse(queue.isEmpty());
        assertEquals(2, queue.size());
        assertEquals(1L, queue.poll());
        assertEquals(2L, queue.poll());
        assertTrue(queue.isEmpty(), "empty after the close: nothing will ever arrive");
    }
}
