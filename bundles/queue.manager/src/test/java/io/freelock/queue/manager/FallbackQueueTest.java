package io.freelock.queue.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.freelock.queue.ConcurrentQueue;
import io.freelock.queue.QueueSpec;
import io.freelock.queue.testkit.RemovalContract;

/** The manager's own queue: its bound, its closing, a supplier that fails, and removal. */
class FallbackQueueTest implements RemovalContract {

    /** The removal contract on the bare fallback queue, from any thread (its racing clauses included). */
    @Override
    public <E> ConcurrentQueue<E> newRemovalQueue(int capacity) {
        return FallbackQueue.forSpec(QueueSpec.parse("queue:mpmc?capacity=" + capacity));
    }

    @Override
    public boolean singleConsumer() {
        return false;
    }


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

    @Test
    void aFillTakesItsRoomBeforeItAsksTheSupplierSoAnOfferMeanwhileGetsOnlyWhatIsLeft() {
        FallbackQueue<Long> queue = FallbackQueue.forSpec(QueueSpec.parse("queue:mpmc?capacity=2"));
        AtomicInteger asked = new AtomicInteger();
        int added = queue.fill(() -> {
            if (asked.getAndIncrement() == 0) {
                assertTrue(queue.offer(100L), "one of two places is left while the fill asks for its first");
                assertFalse(queue.offer(101L), "the fill's place is taken although its element is not there yet");
            }
            return 1L;
        }, 5);
        assertEquals(1, added);
        assertEquals(1, asked.get(), "no element is asked for that there is no room for");
        assertEquals(1L, queue.poll(), "the fill's element keeps the place it took first");
        assertEquals(100L, queue.poll());
        assertNull(queue.poll());
    }

    @Test
    void whileAFillsSupplierRunsConsumersStopAtItsPlaceAndTheQueueIsNotEmpty() {
        FallbackQueue<Long> queue = FallbackQueue.forSpec(QueueSpec.parse("queue:mpmc?capacity=4"));
        queue.fill(() -> {
            assertNull(queue.poll(), "nothing to take before the supplier returns");
            assertNull(queue.peek());
            assertFalse(queue.isEmpty(), "an element is on its way in a place already taken");
            assertEquals(1, queue.size());
            return 7L;
        }, 1);
        assertEquals(7L, queue.peek());
        assertEquals(7L, queue.poll());
        assertTrue(queue.isEmpty());
    }

    @Test
    void aFailedFillBetweenTwoElementsLeavesNothingForConsumersToSee() {
        FallbackQueue<Long> queue = FallbackQueue.forSpec(QueueSpec.parse("queue:mpmc?capacity=4"));
        queue.offer(1L);
        assertThrows(NullPointerException.class, () -> queue.fill(() -> null, 1));
        queue.offer(2L);
        Iterator<Long> walk = queue.iterator();
        assertEquals(1L, walk.next());
        assertEquals(2L, walk.next());
        assertFalse(walk.hasNext());
        assertThrows(NoSuchElementException.class, walk::next);
        assertEquals(1L, queue.poll());
        assertEquals(2L, queue.peek(), "the failed fill's place is skipped");
        assertEquals(2L, queue.poll());
        assertNull(queue.poll());
        assertTrue(queue.isEmpty());
        assertEquals(0, queue.size());
        for (long i = 0; i < 4; i++) {
            assertTrue(queue.offer(i), "the failed fill's room came back once the head passed it");
        }
        assertFalse(queue.offer(4L));
    }

    @Test
    void aFullQueueRefusesWithoutChangingAndTakesAgainAfterAPoll() {
        FallbackQueue<Long> queue = FallbackQueue.forSpec(QueueSpec.parse("queue:mpmc?capacity=2"));
        assertTrue(queue.offer(1L));
        assertTrue(queue.offer(2L));
        assertFalse(queue.offer(3L));
        assertEquals(0, queue.fill(() -> 3L, 1));
        assertEquals(2, queue.size());
        assertEquals(1L, queue.poll());
        assertTrue(queue.offer(3L), "the poll gave its room back in the step that took the element");
        assertEquals(2L, queue.poll());
        assertEquals(3L, queue.poll());
    }

    @Test
    void aRemovedElementIsNeverPolledAndItsRoomComesBackWhenTheHeadPassesIt() {
        FallbackQueue<Long> queue = FallbackQueue.forSpec(QueueSpec.parse("queue:mpmc?capacity=3"));
        queue.offer(1L);
        queue.offer(2L);
        queue.offer(3L);

        assertTrue(queue.remove(2L));
        assertFalse(queue.remove(2L), "removed once");
        assertFalse(queue.remove(9L));
        assertFalse(queue.remove(null), "null is never an element");
        assertEquals(java.util.List.of(1L, 3L), new java.util.ArrayList<>(queue));
        assertFalse(queue.offer(4L), "the removed element's room comes back when the consumers reach its place");
        assertEquals(1L, queue.poll());
        assertEquals(3L, queue.poll(), "the removed element is skipped");
        assertTrue(queue.offer(4L));
        assertEquals(4L, queue.poll());
        assertNull(queue.poll());
    }

    @Test
    void removalThroughTheIteratorAndByPredicate() {
        FallbackQueue<Long> queue = FallbackQueue.forSpec(QueueSpec.parse("queue:mpmc"));
        for (long e = 0; e < 6; e++) {
            queue.offer(e);
        }
        Iterator<Long> it = queue.iterator();
        assertThrows(IllegalStateException.class, it::remove, "remove() before next()");
        assertEquals(0L, it.next());
        it.remove();
        assertThrows(IllegalStateException.class, it::remove, "a second remove() for one next()");
        assertTrue(queue.removeIf(e -> e % 2 == 1));
        assertFalse(queue.removeIf(e -> e % 2 == 1));
        assertThrows(NullPointerException.class, () -> queue.removeIf(null));
        assertEquals(java.util.List.of(2L, 4L), new java.util.ArrayList<>(queue));
        assertEquals(2L, queue.poll());
        assertEquals(4L, queue.poll());
        assertTrue(queue.isEmpty());
    }
}
