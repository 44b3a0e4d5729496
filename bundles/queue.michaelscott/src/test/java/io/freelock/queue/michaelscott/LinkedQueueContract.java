package io.freelock.queue.michaelscott;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import org.junit.jupiter.api.Test;

import io.freelock.queue.ConcurrentQueue;
import io.freelock.queue.QueueDriver;
import io.freelock.queue.testkit.QueueContract;

/**
 * The queue contract plus what both linked queues share (the list walk, removal, fill and drain), run on one
 * thread; each linked queue's test extends it with its own spec.
 */
abstract class LinkedQueueContract extends QueueContract {

    /** Both linked queues come from the Michael-Scott driver; the spec's producers say which one. */
    @Override
    protected final QueueDriver driver() {
        return new MichaelScottDriver();
    }

    /** @return the class the driver makes for {@link #spec}: MichaelScottQueue, or SpscLinkedQueue (no CAS) */
    protected abstract Class<?> queueClass();

    @Test
    void theDriverMakesThisLinkedQueueForTheSpecAndItIsUnbounded() {
        ConcurrentQueue<Long> queue = newQueue(16);
        assertEquals(queueClass(), queue.getClass());
        assertEquals(ConcurrentQueue.UNBOUNDED_CAPACITY, queue.capacity());
    }

    /**
     * An iterator standing on a node that the consumer then dequeues meets the node's self-link and goes on from
     * the head: it yields the element it had already read, then skips what was polled meanwhile.
     */
    @Test
    void anIteratorOnADequeuedNodeGoesOnFromTheHead() {
        ConcurrentQueue<Long> queue = newQueue(16);
        for (long i = 0; i < 10; i++) {
            queue.offer(i);
        }
        Iterator<Long> it = queue.iterator();
        assertEquals(0L, it.next());
        assertTrue(it.hasNext());
        for (long i = 0; i < 5; i++) {
            assertEquals(i, queue.poll());
        }
        List<Long> rest = new ArrayList<>();
        it.forEachRemaining(rest::add);
        assertEquals(List.of(1L, 5L, 6L, 7L, 8L, 9L), rest,
                "1 was read before it was polled; 2 to 4 were polled before the walk reached them");
        assertThrows(NoSuchElementException.class, it::next);
        assertEquals(5, queue.size(), "size starts from the head, not from dead nodes");
    }

    /** Removing every element, in any order, leaves an empty queue that works as a new one. */
    @Test
    void removingEveryElementLeavesAWorkingEmptyQueue() {
        ConcurrentQueue<Long> queue = newQueue(16);
        for (long i = 0; i < 10; i++) {
            queue.offer(i);
        }
        for (long i : new long[] {9, 0, 5, 4, 6, 1, 8, 2, 3, 7}) {
            assertTrue(queue.remove(i), "remove " + i);
        }
        assertTrue(queue.isEmpty());
        assertEquals(0, queue.size());
        assertNull(queue.peek());
        assertNull(queue.poll());
        assertFalse(queue.iterator().hasNext());
        List<Long> drained = new ArrayList<>();
        assertEquals(0, queue.drain(drained::add, 10));
        queue.offer(10L);
        queue.offer(11L);
        assertEquals(2, queue.drain(drained::add, 10));
        assertEquals(List.of(10L, 11L), drained);
    }

    /** Consumers skip removed elements however they take: poll, peek, drain. */
    @Test
    void consumersNeverSeeARemovedElement() {
        ConcurrentQueue<Long> queue = newQueue(16);
        for (long i = 0; i < 200; i++) {
            queue.offer(i);
        }
        assertTrue(queue.removeIf(e -> e % 3 != 0));
        assertEquals(0L, queue.peek());
        assertEquals(0L, queue.poll());
        assertEquals(3L, queue.peek());
        List<Long> drained = new ArrayList<>();
        assertEquals(66, queue.drain(drained::add, Integer.MAX_VALUE));
        for (int i = 0; i < drained.size(); i++) {
            assertEquals(3L * (i + 1), drained.get(i));
        }
        assertNull(queue.poll());
    }

    /** Null elements are refused with a message, and the queue is unchanged. */
    @Test
    void nullIsRefusedWithAMessage() {
        ConcurrentQueue<Long> queue = newQueue(16);
        NullPointerException offered = assertThrows(NullPointerException.class, () -> queue.offer(null));
        assertEquals("null element", offered.getMessage());
        NullPointerException filled = assertThrows(NullPointerException.class, () -> queue.fill(() -> null, 3));
        assertNotNull(filled.getMessage());
        assertFalse(queue.iterator().hasNext());
        assertEquals(0, queue.size());
    }

    /** A supplier that throws something other than a null keeps what it supplied before, too. */
    @Test
    void aThrowingSupplierKeepsWhatCameBefore() {
        ConcurrentQueue<Long> queue = newQueue(16);
        long[] next = {0};
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> queue.fill(() -> {
            if (next[0] == 100) {
                throw new IllegalStateException("supplier gave up");
            }
            return next[0]++;
        }, 1000));
        assertEquals("supplier gave up", thrown.getMessage());
        assertEquals(100, queue.size());
        for (long i = 0; i < 100; i++) {
            assertEquals(i, queue.poll());
        }
        assertTrue(queue.isEmpty());
    }

    /** A fill longer than any internal batch keeps its order and its count. */
    @Test
    void aLongFillKeepsOrder() {
        ConcurrentQueue<Long> queue = newQueue(16);
        long[] next = {0};
        assertEquals(1000, queue.fill(() -> next[0]++, 1000));
        assertEquals(1000, next[0], "the supplier is called once per element");
        assertEquals(1000, queue.size());
        List<Long> out = new ArrayList<>();
        assertEquals(1000, queue.drain(out::add, Integer.MAX_VALUE));
        for (int i = 0; i < 1000; i++) {
            assertEquals(i, out.get(i));
        }
        assertTrue(queue.isEmpty());
    }

    /** A consumer that throws still counts its element as delivered; the rest stay queued. */
    @Test
    void aThrowingConsumerLeavesTheRestQueued() {
        ConcurrentQueue<Long> queue = newQueue(16);
        for (long i = 0; i < 5; i++) {
            queue.offer(i);
        }
        List<Long> out = new ArrayList<>();
        assertThrows(IllegalStateException.class, () -> queue.drain(e -> {
            out.add(e);
            if (e == 2L) {
                throw new IllegalStateException("consumer gave up");
            }
        }, 10));
        assertEquals(List.of(0L, 1L, 2L), out);
        assertEquals(List.of(3L, 4L), new ArrayList<>(queue));
    }
}
